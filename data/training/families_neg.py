"""Hard negatives (shared vocabulary, no current evidence), denials, negations, hedges, past framing and noise."""

from generate import NEG

E, R = "en", "fr"
STABLE_OR_CONFLICT = ("GHA", "SEN", "FRA", "CAN", "BRA", "MLI", "NGA", "COD", "ETH", "KEN", "CMR", "SDN")

# ================================================================ sport (no factor)
NEG(E, "sport", 10,
    "{team} crushed {team2} 5-0 on Saturday in what fans called a massacre on the pitch",
    "it was a bloodbath for the defending champions, who were knocked out in the first round by {team}",
    "{team} slaughtered their rivals in the second half to claim the league title")
NEG(E, "sport", 10,
    "the striker executed a perfect penalty to give {team} a late victory over {team2}",
    "{team}'s defence was destroyed by a relentless attack, the coach admitted after the 4-1 defeat",
    "the boxer launched a brutal assault in the third round and knocked out his opponent")
NEG(E, "sport", 7,
    "the derby between {team} and {team2} is always described as a war, but Sunday's match passed off without incident",
    "fans of {team} invaded the pitch in {town} to celebrate promotion after a decade in the lower division", places=STABLE_OR_CONFLICT)
NEG(E, "sport", 7,
    "{country}'s national team crushed its neighbours 3-0 in a World Cup qualifier {in_place}",
    "the marathon through the streets of {town} drew a record {N} runners", places=STABLE_OR_CONFLICT)
NEG(E, "sport", 6,
    "the visitors were annihilated 42-3 in the rugby final, their heaviest defeat in a decade",
    "the chess champion mounted a devastating attack on the king's side and forced resignation after 31 moves")
NEG(E, "sport", 5,
    "Chad Morrison scored twice as {team} beat {team2} in front of a sell-out crowd",
    "Jordan Ellis, the club's new signing, said the dressing room was ready for war against {team2}", iso3=None, places=())
NEG(R, "sport", 9,
    "{team} a écrasé {team2} 5-0 samedi, un véritable massacre selon les supporters",
    "l'attaquant a exécuté un penalty parfait pour offrir la victoire à {team}",
    "la défense de {team} a été anéantie par des contre-attaques fulgurantes")
NEG(R, "sport", 9,
    "l'équipe nationale {country_in} a battu son voisin 3-0 en match de qualification {in_place}",
    "les supporters de {team} ont envahi la pelouse à {town} pour fêter la montée en première division",
    places=STABLE_OR_CONFLICT)
NEG(R, "sport", 5,
    "le derby entre {team} et {team2} est souvent qualifié de guerre, mais la rencontre de dimanche s'est déroulée sans incident",
    "le boxeur a multiplié les assauts dans la troisième reprise avant de mettre son adversaire K.-O.")

# ================================================================ business (no factor)
NEG(E, "business", 10,
    "{company} slaughtered prices across its stores in a bid to win back customers",
    "{company} launched a hostile takeover bid for its smaller rival, valuing it at {n} billion dollars",
    "shares of {company} were massacred on the stock exchange after a profit warning")
NEG(E, "business", 10,
    "{company} declared war on its competitors with a new low-cost offer",
    "analysts said the price war between the two airlines would leave casualties among smaller carriers",
    "the chief executive said the restructuring would be brutal but necessary, with {N} jobs cut in {town}")
NEG(E, "business", 7,
    "the mining company announced the discovery of a large copper deposit {in_place} and plans to open a mine in three years",
    "the central bank {country_in} cut interest rates by half a point to support the economy")
NEG(E, "business", 6,
    "the telecom operator {in_place} said it would expand 4G coverage to rural areas next year",
    "{company} opened a new assembly plant {in_place}, creating {n} hundred jobs".replace("{n} hundred", "several hundred"),
    places=STABLE_OR_CONFLICT)
NEG(E, "business", 3,
    "Thanksgiving turkey prices rose {n2} per cent this year, according to a farm bureau survey",
    "a logistics firm headquartered in Atlanta, Georgia, said it would hire {n} more drivers before the holidays",
    iso3="USA", places=())
NEG(E, "business", 2,
    "exporters in Roseau said bananas from Dominica were fetching higher prices this season", iso3="DMA", places=())
NEG(E, "business", 2,
    "tourist arrivals in Santo Domingo hit a record as the Dominican Republic expanded its main airport",
    iso3="DOM", places=())
NEG(R, "business", 9,
    "{company} a cassé les prix dans tous ses magasins pour reconquérir sa clientèle",
    "{company} a lancé une OPA hostile sur son concurrent",
    "le titre de {company} a été massacré en Bourse après un avertissement sur résultats")
NEG(R, "business", 9,
    "la guerre des prix entre les deux opérateurs fera des victimes parmi les petits acteurs, estiment les analystes",
    "{company} a ouvert une nouvelle usine {in_place}, créant plusieurs centaines d'emplois",
    "la banque centrale {country_in} a abaissé son taux directeur d'un demi-point", places=STABLE_OR_CONFLICT)

# ================================================================ reviews of films, books and games (no factor)
NEG(E, "review", 10,
    "the director's new war film depicts the massacre of villagers with unflinching realism",
    "in the game, players command a militia that raids enemy villages and must manage their ammunition",
    "the novel follows a child soldier through a fictional civil war, and its final chapters are harrowing to read")
NEG(E, "review", 7,
    "critics praised the documentary's use of survivors' testimony, though some found its score overbearing",
    "the thriller's villain, a warlord who burns villages, is the film's weakest character",
    "the strategy game's new expansion adds sieges, hospitals that can be bombed and a famine mechanic")
NEG(E, "review", 6,
    "the play imagines a dictator who shuts down the internet and expels journalists, and it is at its best when it is funny",
    "the series ends with a genocide tribunal scene that the lead actress carries brilliantly")
NEG(R, "review", 9,
    "le nouveau film de guerre du réalisateur montre le massacre de villageois avec un réalisme saisissant",
    "dans ce jeu vidéo, le joueur dirige une milice qui attaque des villages ennemis",
    "le roman suit un enfant soldat dans une guerre civile imaginaire")
NEG(R, "review", 5,
    "la pièce met en scène un dictateur qui coupe Internet et expulse les journalistes, avec beaucoup d'humour",
    "le documentaire, salué par la critique, donne la parole aux rescapés sans jamais verser dans le pathos")

# ================================================================ peaceful elections and protests (no factor)
NEG(E, "peaceful", 10,
    "voters {country_in} cast their ballots peacefully, and observers praised the orderly count",
    "the incumbent president of {country} conceded defeat and congratulated the winner",
    "turnout in the municipal elections {in_place} reached {pct} per cent, and results were announced without dispute")
NEG(E, "peaceful", 7,
    "teachers marched peacefully through {town} to demand higher wages",
    "the climate demonstration {in_place} ended without incident after organisers handed a petition to the mayor",
    "several thousand people rallied {in_place} in support of the new health law")
NEG(E, "peaceful", 6,
    "the electoral commission {country_in} published the final voter register on time, and all parties accepted it",
    "the newly elected parliament {country_in} held its first session and elected a speaker by consensus",
    places=STABLE_OR_CONFLICT)
NEG(R, "peaceful", 9,
    "les électeurs {country_in} ont voté dans le calme, et les observateurs ont salué un dépouillement transparent",
    "le président sortant a reconnu sa défaite et félicité le vainqueur {country_in}",
    "les enseignants ont manifesté pacifiquement à {town} pour réclamer une hausse des salaires")
NEG(R, "peaceful", 6,
    "la marche pour le climat {in_place} s'est achevée sans incident",
    "la commission électorale {country_in} a publié le fichier électoral dans les délais, et tous les partis l'ont accepté",
    places=STABLE_OR_CONFLICT)

# ================================================================ metaphors (no factor)
NEG(E, "metaphor", 10,
    "the budget debate turned into a political bloodbath for the ruling coalition",
    "the minister accused the opposition of trying to kill the economy with its tax plan",
    "the party purged its moderates in what commentators called a night of the long knives")
NEG(E, "metaphor", 7,
    "critics said the new tariff would be a massacre for small farmers' incomes",
    "the senator vowed to wage war on inflation and to bomb the bureaucracy with reforms",
    "the leaked emails were a grenade lobbed into the campaign, one adviser said")
NEG(E, "metaphor", 5,
    "the reshuffle was a cull of the old guard, with {n2} ministers sacked in a single afternoon",
    "the mayor said the parking reform had been executed flawlessly")
NEG(R, "metaphor", 9,
    "le débat budgétaire a tourné au jeu de massacre pour la coalition au pouvoir",
    "le ministre accuse l'opposition de vouloir assassiner l'économie",
    "le parti a fait le ménage dans ses rangs lors d'une véritable nuit des longs couteaux")
NEG(R, "metaphor", 5,
    "la réforme des retraites serait une bombe à retardement, selon les syndicats",
    "le remaniement a été une véritable hécatombe pour les ministres de l'ancienne garde")

# ================================================================ weather and accidents (no human violence, no factor)
NEG(E, "disaster", 10,
    "floods swept away dozens of homes {in_place} {when}, killing {n} people",
    "a heatwave {country_in} has left {n} elderly people dead, the health ministry said",
    "a cyclone flattened crops and cut power lines {in_place}, and the army was sent to help clear the roads")
NEG(E, "disaster", 6,
    "a bus crashed into a ravine near {town}, killing {n} passengers",
    "a fire at a textile factory {in_place} killed {n} workers, and an inquiry has been opened",
    places=STABLE_OR_CONFLICT)
NEG(E, "disaster", 1,
    "forecasters warned residents of Roseau, Dominica, to prepare for heavy rain as the storm approached",
    iso3="DMA", places=())
NEG(E, "disaster", 2,
    "a storm battered Savannah, Georgia, leaving {N} homes without power", iso3="USA", places=())
NEG(R, "disaster", 9,
    "des inondations ont emporté des dizaines de maisons {in_place} {when}, faisant {n} morts",
    "la canicule {country_in} a causé la mort de {n} personnes âgées, selon le ministère de la Santé",
    "un autocar est tombé dans un ravin près de {town}, tuant {n} passagers", places=STABLE_OR_CONFLICT)

# ================================================================ diplomacy and humanitarian funding (no factor)
NEG(E, "diplomacy", 8,
    "the foreign ministers of {country} and Norway met in Geneva to discuss trade and climate cooperation",
    "the European Union announced 40 million euros in humanitarian funding for {country}",
    "the UN Secretary-General welcomed the signing of a memorandum on education between {country} and the African Union",
    places=STABLE_OR_CONFLICT)
NEG(E, "diplomacy", 7,
    "the donor conference for {country} raised {n2} billion dollars in pledges for reconstruction",
    "the UN Security Council renewed the mandate of the political mission {country_in} for another year",
    "{country} and its neighbours agreed to build a railway linking their capitals", places=STABLE_OR_CONFLICT)
NEG(R, "diplomacy", 9,
    "les ministres des Affaires étrangères ont évoqué la coopération commerciale et climatique lors d'une rencontre à Genève",
    "l'Union européenne a annoncé une enveloppe de 40 millions d'euros d'aide humanitaire pour {country}",
    "la conférence des donateurs pour {country} a recueilli {n2} milliards de dollars de promesses", places=STABLE_OR_CONFLICT)

# ================================================================ commemorations of past atrocities (RF8/8.11 at most, past)
NEG(E, "commemoration", 7,
    "{country} marked the 30th anniversary of the genocide with a candle-lit vigil in {town}",
    "survivors laid wreaths at the memorial in {town} to honour the victims of the 1994 genocide",
    "schoolchildren in {town} visited the genocide memorial as part of the annual week of remembrance",
    rfs=[8], inds=["8.11"], pol="past", places=("RWA",))
NEG(E, "commemoration", 6,
    "thousands gathered in {town} to commemorate the victims of the July 1995 massacre",
    "the remains of {n} victims identified this year were reburied at the memorial centre in {town} during the annual commemoration",
    rfs=[8], inds=["8.11"], pol="past", places=("BIH",))
NEG(E, "commemoration", 6,
    "{country} observed a day of remembrance for the victims of the Khmer Rouge regime of the 1970s",
    "a museum in {town} opened a new exhibition on the crimes committed against civilians half a century ago",
    rfs=[8], inds=["8.11"], pol="past", places=("KHM",))
NEG(E, "commemoration", 6,
    "on Holocaust Remembrance Day, ministers and survivors' descendants gathered in {town} to read the names of the victims",
    "the city of {town} unveiled a plaque in memory of the Jewish families deported in 1942",
    rfs=[8], inds=["8.11"], pol="past", places=("FRA", "BEL"))
NEG(R, "commemoration", 6,
    "{country} a commémoré le 30e anniversaire du génocide par une veillée aux chandelles à {town}",
    "des rescapés ont déposé des gerbes au mémorial de {town} en hommage aux victimes de 1994",
    rfs=[8], inds=["8.11"], pol="past", places=("RWA",))
NEG(R, "commemoration", 6,
    "des milliers de personnes se sont rassemblées à {town} pour commémorer les victimes du massacre de juillet 1995",
    "la ville de {town} a inauguré une plaque à la mémoire des familles juives déportées en 1942",
    rfs=[8], inds=["8.11"], pol="past", places=("BIH", "FRA", "BEL"))

# ================================================================ court verdicts about old crimes (RF2 2.2 + RF8 8.12, past)
NEG(E, "verdict", 7,
    "a court in The Hague sentenced a former militia leader to 25 years in prison for crimes committed in {country} in the 1990s",
    "an appeals chamber upheld the conviction of a former army officer for the 1995 killings in {town}",
    rfs=[2, 8], inds=["2.2", "8.12"], pol="past", places=("BIH", "RWA"))
NEG(E, "verdict", 6,
    "a German court convicted a former intelligence officer of crimes against humanity for torture carried out in {country} more than a decade ago",
    "a former rebel commander from {country} was found guilty in Paris of war crimes committed in the early 2000s",
    rfs=[2, 8], inds=["2.2", "8.12"], pol="past", places=("SYR", "LBY", "CAF", "COD", "GIN"))
NEG(R, "verdict", 6,
    "la cour d'assises de Paris a condamné un ancien officier à la prison à perpétuité pour sa participation au génocide de 1994 {country_in}",
    "un ancien chef rebelle a été reconnu coupable de crimes de guerre commis {country_in} au début des années 2000",
    rfs=[2, 8], inds=["2.2", "8.12"], pol="past", places=("RWA", "CAF", "COD", "GIN"))

# ================================================================ denials: the factor is labelled, polarity "denied"
NEG(E, "denial", 7,
    "the army denied that its soldiers had killed civilians {in_place}, saying all the dead were armed fighters",
    "{grp} denied any involvement in the attack on a village near {town}",
    "the defence ministry rejected reports that troops had executed detainees {in_place} as enemy propaganda",
    rfs=[11, 13], inds=["11.4"], pol="denied")
NEG(E, "denial", 6,
    "a military spokesman dismissed as fabrications reports that a hospital in {town} had been shelled",
    "the air force denied bombing the market {in_place} and said its jets had hit only military targets",
    rfs=[13], inds=["13.11"], pol="denied")
NEG(E, "denial", 6,
    "the government rejected accusations that it had blocked aid convoys to {region}",
    "{grp} denied holding the kidnapped aid workers and said it had no presence {in_place}",
    rfs=[14], inds=[], pol="denied")
NEG(E, "denial", 6,
    "the telecommunications ministry denied reports that internet access had been cut {in_place}",
    "the government of {country} insisted that no foreign journalists had been expelled, only asked to renew their accreditation",
    rfs=[7], inds=[], pol="denied")
NEG(E, "denial", 5,
    "the governor denied making the remarks about the {Eth} community attributed to him in a viral video",
    "the radio station denied broadcasting any message against the {Eth}, calling the recording a forgery",
    rfs=[7, 8, 9], inds=["7.14", "8.7"], pol="denied")
NEG(E, "denial", 4,
    "police denied using live ammunition against demonstrators {in_place}",
    "the interior ministry denied that any protester had been killed {in_place}", rfs=[11], inds=["11.6"], pol="denied",
    places="unrest")
NEG(R, "denial", 7,
    "l'armée a démenti avoir tué des civils {in_place}, affirmant que tous les morts étaient des combattants",
    "{grp} a nié toute implication dans l'attaque du village près de {town}",
    rfs=[11, 13], inds=["11.4"], pol="denied")
NEG(R, "denial", 6,
    "le porte-parole de l'armée a qualifié de fausses informations les accusations de bombardement de l'hôpital de {town}",
    "le gouvernement dément avoir bloqué les convois humanitaires destinés à {town}",
    rfs=[13, 14], inds=[], pol="denied")
NEG(R, "denial", 4,
    "les autorités démentent toute coupure d'Internet {in_place}",
    rfs=[7], inds=["7.6"], pol="denied")

# ================================================================ negations: nothing happened (no factor)
NEG(E, "negation", 10,
    "there were no reports of violence {in_place} during the vote, local officials said",
    "the day passed without incident in {town}, and shops reopened in the afternoon",
    "no attacks on aid workers have been recorded in {region} so far this year",
    pol="negated", places="conflict")
NEG(E, "negation", 7,
    "the UN said it had found no evidence of mass graves near {town}",
    "internet and telephone services were not interrupted during the election {country_in}",
    "no civilians were harmed, the mission said after inspecting the area {in_place}",
    pol="negated", places="conflict")
NEG(R, "negation", 9,
    "aucun incident n'a été signalé {in_place} pendant le scrutin, selon les autorités locales",
    "la journée s'est déroulée dans le calme à {town}, où les commerces ont rouvert",
    "aucune attaque contre des humanitaires n'a été enregistrée cette année {in_place}",
    pol="negated", places="conflict")

# ================================================================ speculation and rumours (no factor, hedged)
NEG(E, "speculation", 10,
    "analysts warned that the situation {in_place} could escalate if the talks fail",
    "if the ceasefire collapses, fighting could resume in {region} within weeks, diplomats said",
    "observers fear that unrest may break out {country_in} after the results are announced",
    pol="hedged", places="conflict")
NEG(E, "speculation", 6,
    "rumours of an imminent attack on {town} spread on social media, but officials said they had no such information",
    "a contingency plan would be activated should displacement from {region} increase, the agency said",
    pol="hedged", places="conflict")
NEG(R, "speculation", 9,
    "la situation {in_place} pourrait dégénérer si les négociations échouent, préviennent les analystes",
    "des rumeurs d'attaque imminente contre {town} circulent sur les réseaux sociaux, mais les autorités n'en ont aucune confirmation",
    "les diplomates craignent que des troubles n'éclatent {country_in} après la proclamation des résultats",
    pol="hedged", places="conflict")

# ================================================================ noise: ordinary news near our places (no factor)
NEG(E, "noise", 9,
    "the ministry of education {country_in} announced that the school year will start on 2 September",
    "a new bridge over the river {in_place} was inaugurated {when}",
    "farmers {in_place} expect a good harvest this year thanks to abundant rains",
    kind="noise", places="any")
NEG(E, "noise", 8,
    "the national museum in {town} reopened after two years of renovation",
    "the government {country_in} launched a vaccination campaign against measles for {N} children",
    "a solar power plant {in_place} began supplying electricity to {N} homes",
    kind="noise", places="any")
NEG(E, "noise", 6,
    "the annual book fair in {town} attracted publishers from across the region",
    "the statistics office {country_in} said the population had grown by {n2} per cent since the last survey",
    kind="noise", places="any")
NEG(E, "noise", 5,
    "the committee will meet again next Tuesday to review the draft budget",
    "the report, published in English and French, is available on the organisation's website",
    "the ceremony was attended by representatives of the diplomatic corps", kind="noise", places=())
NEG(R, "noise", 8,
    "le ministère de l'Éducation {country_in} a annoncé la rentrée scolaire pour le 2 septembre",
    "un nouveau pont a été inauguré {in_place} {when}",
    "les agriculteurs {in_place} s'attendent à une bonne récolte grâce aux pluies abondantes",
    kind="noise", places="any")
NEG(R, "noise", 7,
    "le musée national de {town} a rouvert ses portes après deux ans de travaux",
    "une campagne de vaccination contre la rougeole vise {N} enfants {in_place}",
    "une centrale solaire {in_place} alimente désormais {N} foyers",
    kind="noise", places="any")
NEG(R, "noise", 4,
    "le comité se réunira de nouveau mardi prochain pour examiner le projet de budget",
    "le rapport est disponible en français et en anglais sur le site de l'organisation", kind="noise", places=())

# ================================================================ more hard negatives
NEG(E, "denial", 6,
    "the militia's spokesman denied that its fighters had burned {eth} homes {in_place}",
    "{grp} rejected UN accusations that it had recruited children {in_place}, calling them baseless",
    rfs=[11], inds=[], pol="denied")
NEG(E, "denial", 5,
    "the ministry denied that any humanitarian convoy had been stopped at checkpoints outside {town}",
    "{mission} denied claims that its peacekeepers had come under fire {in_place}",
    rfs=[14], inds=[], pol="denied", places="mission")
NEG(R, "denial", 5,
    "le porte-parole {grp_de} a démenti que ses combattants aient incendié des maisons {in_place}",
    "le gouverneur dément avoir tenu les propos contre les {Eth} qui lui sont attribués dans une vidéo",
    rfs=[11], inds=[], pol="denied")
NEG(E, "negation", 7,
    "the army said no civilians were in the area at the time of the exchange of fire near {town}",
    "local officials in {town} said there had been no attack and that the market was operating normally",
    "contrary to messages shared online, no village {in_place} was attacked {when}, the police said",
    pol="negated", places="conflict")
NEG(R, "negation", 5,
    "contrairement aux messages diffusés en ligne, aucun village n'a été attaqué {in_place} {when}, selon la police",
    "les autorités locales de {town} affirment qu'il n'y a eu aucune attaque et que le marché fonctionne normalement",
    pol="negated", places="conflict")
NEG(E, "speculation", 6,
    "the report considers what could happen {country_in} if elections are postponed again, without predicting violence",
    "the mission will review its security plan in case tensions {in_place} rise during the harvest season",
    pol="hedged", places="conflict")
NEG(R, "speculation", 5,
    "la mission réexaminera son dispositif de sécurité au cas où les tensions augmenteraient {in_place}",
    "selon les experts, un report des élections pourrait raviver les tensions {country_in}",
    pol="hedged", places="conflict")
NEG(E, "history", 7,
    "the historian's new book traces the wars of the nineteenth century that shaped the borders of {country}",
    "the exhibition in {town} tells the story of the colonial army's campaigns more than a century ago",
    "archaeologists {in_place} uncovered the remains of a medieval fortress destroyed in a siege",
    places=STABLE_OR_CONFLICT)
NEG(R, "history", 5,
    "le nouvel ouvrage de l'historien retrace les guerres du XIXe siècle qui ont façonné les frontières {country_de}".replace(" {country_de}", " de la région"),
    "des archéologues ont mis au jour {in_place} les vestiges d'une forteresse médiévale détruite lors d'un siège",
    places=STABLE_OR_CONFLICT)
NEG(E, "training", 6,
    "peacekeepers from {mission} held a football tournament with local youth in {town}",
    "{mission} trained {n} police officers in community policing and human rights {in_place}",
    places="mission")
NEG(E, "training", 6,
    "army engineers rebuilt the bridge {in_place} and reopened the road to traders",
    "the police academy {country_in} graduated {N} new officers trained in human rights and crowd management",
    "soldiers helped villagers {in_place} vaccinate their cattle as part of a civil-military programme",
    places=STABLE_OR_CONFLICT)
NEG(R, "training", 6,
    "les casques bleus de {mission} ont organisé un tournoi de football avec les jeunes de {town}",
    "{mission} a formé {n} policiers à la police de proximité et aux droits humains {in_place}",
    places="mission")
NEG(E, "health", 6,
    "doctors at the hospital in {town} performed the region's first open-heart surgery",
    "the hospital {in_place} received new X-ray equipment donated by the European Union",
    "the school {in_place} celebrated the best exam results in its history",
    places=STABLE_OR_CONFLICT)
NEG(R, "health", 5,
    "l'hôpital de {town} a reçu un nouvel appareil de radiographie offert par l'Union européenne",
    "l'école {in_place} a fêté les meilleurs résultats de son histoire au baccalauréat",
    places=STABLE_OR_CONFLICT)
NEG(E, "crime", 6,
    "police in {town} arrested two men suspected of robbing a bank, and no one was hurt",
    "a court in {town} sentenced a businessman to five years in prison for tax fraud",
    places="stable")
NEG(R, "crime", 5,
    "la police de {town} a interpellé deux hommes soupçonnés d'avoir braqué une banque, sans faire de blessés",
    "le tribunal de {town} a condamné un homme d'affaires à cinq ans de prison pour fraude fiscale",
    places="stable")
NEG(E, "metaphor", 6,
    "the opposition leader said the government had declared war on the poor with its new fuel tax",
    "the tech giant's new phone is a killer product, the reviewer wrote",
    "the restaurant critic called the dessert a crime against chocolate")
NEG(R, "metaphor", 5,
    "le chef de l'opposition accuse le gouvernement d'avoir déclaré la guerre aux pauvres",
    "le critique gastronomique a qualifié le dessert de crime contre le chocolat")
NEG(E, "sport", 6,
    "the underdogs from {town} ambushed the league leaders with two goals in the first ten minutes",
    "the veteran sniper of the basketball team hit five three-pointers to bury the visitors",
    places=STABLE_OR_CONFLICT)
NEG(E, "business", 6,
    "the airline cut {n} routes in a brutal restructuring that unions called a massacre of jobs",
    "investors fled the bond market as the currency came under attack from speculators",
    "{company} said it would shoot for a 20 per cent market share by next year")
NEG(R, "business", 5,
    "la compagnie aérienne a supprimé {n} lignes lors d'une restructuration que les syndicats qualifient de massacre social",
    "la monnaie a été attaquée par les spéculateurs, provoquant la fuite des investisseurs")
NEG(E, "commemoration", 5,
    "on the 30th anniversary of the genocide, the president of {country} called for unity and reconciliation",
    "a documentary about the rescuers who hid neighbours during the 1994 genocide premiered in {town}",
    rfs=[8], inds=["8.11"], pol="past", places=("RWA",))
NEG(E, "verdict", 4,
    "the last defendant in the trial over the 1995 massacre was sentenced in {town} to life imprisonment",
    rfs=[2, 8], inds=["2.2", "8.12"], pol="past", places=("BIH",))

# ================================================================ further hard negatives and noise
NEG(E, "denial", 6,
    "the regional government denied that militias had been armed {in_place} and said the weapons belonged to hunters",
    "the president's office denied any plan to resettle families on {eth} land {in_place}",
    rfs=[12], inds=[], pol="denied")
NEG(E, "negation", 6,
    "the rapporteur found no sign that aid deliveries to {region} had been obstructed in the past month",
    "officials said no journalists had been detained {country_in} this year",
    pol="negated", places="conflict")
NEG(E, "peaceful", 7,
    "the opposition candidate thanked voters {in_place} and said she would respect the court's decision on the result",
    "a peaceful sit-in by students outside the ministry {in_place} ended after officials agreed to meet them",
    "farmers blocked a road {in_place} with tractors for two hours to protest against fuel prices, then dispersed",
    places=STABLE_OR_CONFLICT)
NEG(E, "review", 6,
    "the museum's new wing on the world wars is excellent, though the audio guide is too long",
    "the video game's latest update lets players liberate villages from a fictional warlord, and sales have soared",
    "the memoir of a former peacekeeper is gripping, if a little repetitive in its middle chapters")
NEG(E, "disaster", 6,
    "a landslide buried several homes {in_place} after days of heavy rain, and rescuers are searching for survivors",
    "a locust invasion has destroyed crops {in_place}, and the agriculture ministry has begun spraying",
    places=STABLE_OR_CONFLICT)
NEG(E, "diplomacy", 6,
    "the foreign minister of {country} met her counterpart to discuss fisheries and visas",
    "the UN country team {country_in} presented its development plan for the next five years",
    places=STABLE_OR_CONFLICT)
NEG(E, "metaphor", 5,
    "the new coach vowed to exterminate the bad habits that cost the team the title",
    "the spending cuts were a massacre for public libraries, the union said")
NEG(E, "agriculture", 6,
    "herders {in_place} moved their cattle south as the dry season began, as they do every year",
    "the livestock market in {town} reopened with record numbers of goats and camels for sale",
    places="sahel")
NEG(R, "peaceful", 6,
    "la candidate de l'opposition a remercié les électeurs {in_place} et dit qu'elle respecterait la décision de la Cour",
    "le sit-in des étudiants devant le ministère {in_place} s'est terminé après l'ouverture d'un dialogue",
    places=STABLE_OR_CONFLICT)
NEG(R, "disaster", 5,
    "un glissement de terrain a enseveli plusieurs maisons {in_place} après des jours de pluies diluviennes",
    "une invasion de criquets a détruit les cultures {in_place}",
    places=STABLE_OR_CONFLICT)
NEG(R, "review", 5,
    "la nouvelle extension du jeu vidéo permet d'assiéger des villes imaginaires et de bombarder des hôpitaux virtuels",
    "les mémoires d'un ancien casque bleu se lisent d'une traite, malgré quelques longueurs")
NEG(R, "agriculture", 5,
    "les éleveurs {in_place} ont commencé leur transhumance vers le sud, comme chaque année",
    "le marché au bétail de {town} a rouvert avec un nombre record de chèvres et de chameaux",
    places="sahel")
NEG(E, "noise", 8,
    "the football federation {country_in} named a new coach for the national women's team",
    "mobile money transfers {country_in} grew by a quarter last year, the central bank said",
    "the new terminal at the airport in {town} will double passenger capacity",
    kind="noise", places="any")
NEG(R, "noise", 6,
    "la fédération de football {country_in} a nommé un nouveau sélectionneur pour l'équipe nationale féminine",
    "le nouveau terminal de l'aéroport de {town} doublera la capacité d'accueil",
    kind="noise", places="any")

# ================================================================ country traps without evidence
NEG(E, "trap", 1,
    "oil output in the Niger Delta rose this quarter as repairs to the main pipeline were completed", iso3="NGA", places=())
NEG(E, "trap", 1,
    "the river Niger is at its highest level in years at Niamey, and boatmen say business is good", iso3="NER", places=())
NEG(E, "trap", 1,
    "lawmakers in Atlanta passed a bill on school funding, the Georgia governor's office said", iso3="USA", places=())
NEG(E, "trap", 1,
    "Georgia's government in Tbilisi signed a trade agreement with the European Union", iso3="GEO", places=())
NEG(E, "trap", 1,
    "Equatorial Guinea's offshore gas production in Malabo rose for the third year running", iso3="GNQ", places=())
NEG(E, "trap", 1,
    "cashew exporters in Bissau expect a strong season in Guinea-Bissau this year", iso3="GNB", places=())
NEG(E, "trap", 1,
    "Brazzaville hosted a regional conference on forest conservation in the Congo Basin", iso3="COG", places=())
NEG(R, "trap", 1,
    "la production pétrolière du delta du Niger a augmenté ce trimestre, au Nigeria", iso3="NGA", places=())
NEG(R, "trap", 1,
    "Brazzaville a accueilli une conférence régionale sur la préservation des forêts du bassin du Congo", iso3="COG", places=())
NEG(R, "trap", 1,
    "les exportateurs de noix de cajou de Bissau prévoient une bonne saison en Guinée-Bissau", iso3="GNB", places=())
NEG(R, "trap", 1,
    "le fleuve Niger atteint à Niamey son plus haut niveau depuis des années", iso3="NER", places=())


def ONE_EACH(lang, sub, *templates, **kw):
    """A family of distinct one-off sentences (no slot variation): one sentence per template."""
    return NEG(lang, sub, len(templates), *templates, **kw)


ONE_EACH(E, "sport",
         "the champions were torn apart on the counter-attack and limped out of the cup",
         "a hat-trick in eleven minutes left the goalkeeper shell-shocked",
         "the cyclist attacked on the final climb and left the peloton for dead",
         "the home fans called the 6-1 thrashing a humiliation they would never forget",
         "it was carnage at the first corner, with five cars out of the race before the first lap was over",
         "the tennis star bombarded her opponent with aces and closed out the match in under an hour")
ONE_EACH(E, "review",
         "the war epic's battle scenes are spectacular, but its portrait of the ethnic cleansing campaign feels rushed",
         "in her debut novel, the author imagines a country where the army shuts the internet and hunts down reporters",
         "the board game asks players to run a refugee camp under siege, and it is surprisingly moving",
         "the film's militia leader, who calls his enemies cockroaches, is played with chilling restraint",
         "the podcast retells the history of peacekeeping missions through interviews with former blue helmets")
ONE_EACH(E, "metaphor",
         "the central bank's rate hike was a bloodbath for property developers",
         "the senator said the committee had assassinated his reputation",
         "the election campaign has become a war of attrition between two tired parties",
         "the new manager's first week was a purge of the club's senior staff",
         "critics called the cuts to the arts budget cultural genocide, a phrase the minister rejected",
         "the merger talks collapsed in a scorched-earth dispute over the company's name")
ONE_EACH(E, "business",
         "the supermarket chain's loyalty scheme has killed off its smaller rivals in the suburbs",
         "analysts expect a bloodbath in the streaming market as subscribers cancel",
         "the tobacco company's shares were executed by the market after the lawsuit",
         "the budget airline raided its rival's pilots with higher salaries")
ONE_EACH(E, "commemoration",
         "a choir of survivors' grandchildren sang at the memorial service marking 30 years since the genocide in Rwanda",
         rfs=[8], inds=["8.11"], pol="past", iso3="RWA", places=())
ONE_EACH(E, "commemoration",
         "in Phnom Penh, monks led prayers for the victims of the Khmer Rouge during the national day of remembrance",
         rfs=[8], inds=["8.11"], pol="past", iso3="KHM", places=())
ONE_EACH(R, "sport",
         "les champions ont été taillés en pièces en contre-attaque et éliminés de la coupe",
         "le cycliste a attaqué dans la dernière ascension et laissé le peloton sur place",
         "les supporters parlent d'une humiliation historique après la défaite 6-1",
         "la joueuse a bombardé son adversaire d'aces et remporté le match en moins d'une heure")
ONE_EACH(R, "review",
         "les scènes de bataille de cette fresque guerrière sont spectaculaires, mais le récit du nettoyage ethnique paraît expédié",
         "dans son premier roman, l'autrice imagine un pays où l'armée coupe Internet et traque les journalistes",
         "le chef de milice du film, qui traite ses ennemis de cafards, est interprété avec une retenue glaçante",
         "ce jeu de société demande aux joueurs de gérer un camp de réfugiés assiégé")
ONE_EACH(R, "metaphor",
         "la hausse des taux a été un carnage pour les promoteurs immobiliers",
         "le sénateur estime que la commission a assassiné sa réputation",
         "la campagne électorale s'est transformée en guerre d'usure entre deux partis fatigués",
         "les critiques ont parlé de génocide culturel à propos des coupes budgétaires, une expression rejetée par la ministre")
ONE_EACH(R, "commemoration",
         "une chorale de petits-enfants de rescapés a chanté lors de la cérémonie marquant les 30 ans du génocide au Rwanda",
         rfs=[8], inds=["8.11"], pol="past", iso3="RWA", places=())
