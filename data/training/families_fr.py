"""French positive families, risk factor by risk factor (our own wording; see generate.py)."""

from generate import F

R = "fr"
H = 0.15

# ---------------------------------------------------------------- RF1
F(R, [1], ["1.1"], 7,
  "de violents combats ont opposé l'armée aux combattants {grp_de} {in_place} {when}",
  "les affrontements entre les forces armées et {grp} ont fait au moins {n} morts parmi les combattants {in_place}", hedge=H)
F(R, [1], ["1.1"], 6,
  "l'armée a lancé une offensive terrestre pour reprendre {town} aux combattants {grp_de}",
  "{grp} affirme avoir pris une base militaire {in_place} après plusieurs heures de combats contre les troupes gouvernementales")
F(R, [1], ["1.2", "1.3"], 6,
  "l'accord de cessez-le-feu signé l'an dernier a volé en éclats après le retrait {grp_de} du comité de suivi",
  "plus de {N} personnes ont fui les combats {in_place}, et les agences humanitaires redoutent une crise majeure")
F(R, [1, 8], ["1.4", "8.4"], 5,
  "des militaires ont pris le contrôle de la télévision nationale et annoncé la dissolution du gouvernement {country_in}",
  "le président a été renversé par des officiers de sa propre garde {country_in}")
F(R, [1], ["1.7", "1.10"], 6,
  "les conflits entre agriculteurs et éleveurs autour des points d'eau se multiplient {in_place}",
  "des dizaines de milliers de manifestants ont défilé à {town} pour exiger le départ de la junte", places="sahel")
F(R, [1], ["1.5", "1.6"], 5,
  "un nouveau mouvement armé, {grp}, a annoncé prendre les armes contre le pouvoir central {in_place}",
  "des centaines d'opposants ont été emprisonnés {country_in} depuis le scrutin contesté, et le principal parti d'opposition a été dissous")

# ---------------------------------------------------------------- RF2
F(R, [2], ["2.3"], 6,
  "aucune poursuite n'a été engagée contre les auteurs du massacre de {n} civils commis {in_place} il y a trois ans",
  "les officiers accusés d'avoir torturé des détenus {in_place} ont été promus au lieu d'être jugés")
F(R, [2], ["2.1", "2.2"], 6,
  "un rapport de l'ONU fait état d'arrestations arbitraires, de tortures et de disparitions forcées visant des militants {eth} {in_place}",
  "la commission d'enquête estime avoir des motifs raisonnables de croire que des crimes de guerre ont été commis {in_place} lors de la dernière offensive")
F(R, [2], ["2.5", "2.6"], 6,
  "malgré les exactions documentées, le gouvernement continue d'armer et de financer {grp}",
  "{official} a justifié les exécutions sommaires {in_place} comme des opérations antiterroristes légitimes")
F(R, [2], ["2.7", "2.8"], 5,
  "la commission vérité et réconciliation a été dissoute {country_in} avant d'avoir pu publier son rapport",
  "les rescapés des massacres {in_place} disent ne plus rien attendre de la justice après des années d'impunité")
F(R, [2, 9], ["2.1", "9.3"], 4,
  "depuis des décennies, les attaques contre les villages {eth} {in_place} restent impunies")

# ---------------------------------------------------------------- RF3
F(R, [3], ["3.1", "3.2"], 6,
  "{country} n'a toujours pas ratifié le Statut de Rome, et la torture n'est pas érigée en infraction dans son code pénal",
  "les tribunaux sont fermés depuis des mois {in_place}, faute de magistrats")
F(R, [3], ["3.3", "3.4"], 6,
  "les magistrats qui ont statué contre le pouvoir ont été mutés ou révoqués {country_in}",
  "l'armée agit {in_place} sans aucun contrôle civil effectif, et les exactions des soldats ne font l'objet d'aucune enquête")
F(R, [3], ["3.5", "3.6"], 6,
  "la corruption gangrène l'administration {country_in}, et les fonds destinés à la sécurité sont régulièrement détournés",
  "les victimes de violences policières {in_place} n'ont aucun recours depuis la mise en sommeil de la commission nationale des droits de l'homme")
F(R, [3], ["3.10", "3.7"], 6,
  "l'État est quasiment absent {in_place}, où l'on compte moins de {n} policiers pour des centaines de milliers d'habitants",
  "les supplétifs recrutés {in_place} n'ont reçu aucune formation au droit international humanitaire")

# ---------------------------------------------------------------- RF4
F(R, [4], ["4.1", "4.2"], 6,
  "le parti au pouvoir ne cédera jamais le pouvoir à l'opposition, a martelé {official}",
  "le contrôle des mines d'or {in_place} alimente les combats, les chefs des deux camps profitant de la contrebande")
F(R, [4], ["4.6", "4.3"], 6,
  "l'armée accuse les villageois {in_place} de ravitailler et d'héberger les combattants {grp_de}",
  "{grp} se bat pour contrôler les postes-frontières {in_place}, indispensables à son approvisionnement en armes")
F(R, [4, 7], ["4.5", "7.14"], 5,
  "les autorités présentent la minorité {eth} comme une cinquième colonne au service de l'ennemi",
  "{official} a affirmé que les {Eth} n'étaient pas dignes de confiance car leur loyauté allait au pays voisin")
F(R, [4], ["4.8", "4.9"], 6,
  "des responsables politiques ravivent les rancœurs liées aux spoliations foncières des années 1990 pour mobiliser leur électorat {country_in}",
  "de nombreux jeunes {in_place} ayant perdu des proches dans les massacres disent vouloir se venger")
F(R, [4, 10], ["4.4", "10.1"], 4,
  "les dirigeants {grp_de} réclament ouvertement que la région soit vidée de tous ses habitants {eth}")

# ---------------------------------------------------------------- RF5
F(R, [5], ["5.1", "5.2"], 6,
  "{grp} compterait plus de {N} combattants et un arsenal croissant d'armes lourdes",
  "des camions chargés d'armes ont été vus quittant le dépôt militaire vers les villages {in_place}")
F(R, [5, 7], ["5.3", "7.5"], 5,
  "la milice a recruté des milliers de jeunes ces dernières semaines {in_place}, en leur promettant de l'argent et des motos")
F(R, [5], ["5.5", "5.6"], 6,
  "{grp} a noué une alliance avec des groupes armés de l'autre côté de la frontière {in_place}",
  "des négociants en or financent la milice {in_place} en échange d'un accès aux sites miniers")
F(R, [5], ["5.8", "5.7"], 6,
  "une société militaire privée étrangère forme et équipe les forces spéciales {in_place}",
  "de riches hommes d'affaires proches de la présidence financent l'armement de groupes de jeunes {in_place}")
F(R, [5], ["5.4"], 4,
  "les combattants {grp_de} jurent une obéissance absolue à leur chef, et les déserteurs sont exécutés")

# ---------------------------------------------------------------- RF6
F(R, [6], ["6.1", "6.4"], 6,
  "la communauté {eth} ne dispose d'aucune protection ni d'aucun relais politique {in_place}",
  "aucune agence de l'ONU ni aucune ONG internationale n'a pu se rendre {in_place} depuis plus d'un an")
F(R, [6], ["6.7", "6.8"], 6,
  "le gouvernement refuse de recevoir le rapporteur spécial de l'ONU et ignore ses demandes de visite {country_in}",
  "les deux parties ont rejeté l'offre de médiation {country_in} et promis de poursuivre les combats")
F(R, [6], ["6.10", "6.9"], 6,
  "les pays voisins ont fermé leurs frontières aux personnes fuyant les violences {country_in} et refoulé des milliers de réfugiés",
  "le Conseil de sécurité reste divisé et n'a pu adopter aucune déclaration sur les tueries {in_place}")
F(R, [6], ["6.2", "6.3"], 5,
  "le dernier journal indépendant a cessé de paraître {country_in}, laissant les médias d'État seuls sur le terrain",
  "la crise {in_place} n'intéresse presque aucun média international")

# ---------------------------------------------------------------- RF7
F(R, [7], ["7.1"], 7,
  "le président a décrété l'état d'urgence {in_place}, suspendant la liberté de réunion et autorisant la détention sans inculpation",
  "une nouvelle loi antiterroriste {country_in} permet de détenir des suspects pendant {n} jours sans avocat")
F(R, [7], ["7.6"], 8,
  "les autorités ont coupé l'accès à Internet et aux réseaux mobiles {in_place} {when}",
  "les réseaux sociaux sont bloqués dans tout le pays depuis l'annonce des résultats {country_in}",
  "les communications téléphoniques sont interrompues {in_place} depuis le début de l'opération militaire")
F(R, [7], ["7.7"], 8,
  "le gouvernement a expulsé {n2} journalistes étrangers et suspendu la diffusion de deux radios internationales {country_in}",
  "les autorités ont ordonné la fermeture du bureau du Haut-Commissariat aux droits de l'homme {country_in}",
  "les journalistes n'ont plus le droit de se rendre {in_place}, et un correspondant local a été arrêté")
F(R, [7, 12], ["7.5", "12.5"], 5,
  "le gouverneur a annoncé la création de comités d'autodéfense armés dans chaque village {in_place}",
  "les autorités distribuent des fusils à des volontaires civils appelés à combattre aux côtés de l'armée {in_place}")
F(R, [7], ["7.2", "7.4"], 5,
  "le président a dissous la Cour constitutionnelle et suspendu l'Assemblée nationale {country_in}",
  "l'armée a réceptionné {N} fusils d'assaut et d'importants stocks de munitions malgré l'embargo")
F(R, [7], ["7.12"], 4,
  "des maisons appartenant à des familles {eth} ont été marquées à la peinture rouge {in_place}")

# ---------------------------------------------------------------- RF8
F(R, [8], ["8.1", "8.2"], 6,
  "l'armée a déployé des milliers d'hommes et des blindés {in_place} {when}",
  "la guerre de l'autre côté de la frontière déborde désormais {in_place}, où les groupes armés circulent librement")
F(R, [8], ["8.5"], 6,
  "un dirigeant de l'opposition a été abattu devant son domicile {in_place} {when}",
  "le chef coutumier de la communauté {eth} a été assassiné {in_place}", hedge=0.1)
F(R, [8], ["8.6", "8.8"], 6,
  "l'incendie d'un lieu de culte {in_place} a provoqué de vives tensions entre communautés",
  "la campagne électorale est marquée par des violences et des accusations mutuelles de fraude {country_in}")
F(R, [8], ["8.8"], 5,
  "le recensement contesté a ravivé les disputes sur le nombre de {Eth} vivant {in_place}",
  "l'opposition a rejeté les résultats de l'élection présidentielle et appelé ses partisans à descendre dans la rue {country_in}")
F(R, [8], ["8.9", "8.10"], 6,
  "le prix du pain a doublé en une semaine {country_in} après l'effondrement de la monnaie",
  "la découverte d'un gisement d'or {in_place} a déclenché des conflits fonciers entre communautés")
F(R, [8], ["8.12", "8.3"], 5,
  "l'arrestation de l'ancien chef de milice a provoqué de violentes manifestations de ses partisans {in_place}",
  "le gouvernement a dénoncé les sanctions de l'ONU comme une atteinte à la souveraineté nationale et expulsé l'ambassadeur européen")

# ---------------------------------------------------------------- RF9
F(R, [9], ["9.1"], 8,
  "une nouvelle loi sur la nationalité oblige les {Eth} à prouver que leurs grands-parents sont nés dans le pays",
  "les enfants {eth} sont interdits d'inscription dans les écoles publiques {in_place}",
  "les commerçants {eth} ont été chassés du marché central de {town} par un arrêté municipal")
F(R, [9], ["9.2", "9.3"], 6,
  "les autorités refusent de reconnaître l'existence du peuple {eth} et de sa langue {country_in}",
  "aucun des responsables des massacres de villageois {eth} commis en {year} {in_place} n'a été jugé")
F(R, [9], ["9.4"], 8,
  "les relations entre agriculteurs {eth} et éleveurs {eth2} se sont fortement dégradées {in_place}",
  "des jeunes {eth} et {eth2} se sont affrontés à coups de machettes {in_place}, faisant {n} blessés",
  "la querelle autour de la chefferie {in_place} oppose désormais les {Eth} aux {Eth2}, et les deux camps s'arment")
F(R, [9, 7, 8], ["7.14", "8.7"], 8,
  "{official} a déclaré lors d'un meeting {in_place} que les {Eth} n'étaient pas chez eux et devaient repartir d'où ils venaient",
  "des messages diffusés sur les réseaux sociaux accusent les commerçants {eth} d'affamer la population et appellent au boycott de leurs boutiques",
  "une chanson diffusée sur une radio locale {in_place} présente les {Eth} comme des voleurs et des paresseux")
F(R, [9, 7, 8], ["9.4", "7.14", "8.7"], 6,
  "des tracts électoraux {in_place} affirment que les {Eth} complotent pour s'emparer des terres",
  "les messages de haine visant la minorité {eth} se sont multipliés sur les réseaux sociaux {country_in} depuis l'élection")
F(R, [9], ["9.5", "9.6"], 5,
  "la rivalité entre les deux grands partis prend une dimension de plus en plus ethnique {country_in}",
  "depuis la dissolution du comité de paix, plus aucune instance ne règle les différends entre {Eth} et {Eth2} {in_place}")

# ---------------------------------------------------------------- RF10
F(R, [10, 7, 8], ["10.1", "7.14", "8.7"], 9,
  "{official} a qualifié les {Eth} de cafards et appelé ses partisans à nettoyer la terre",
  "un chef de milice a été filmé {in_place} en train de dire à ses hommes qu'aucun {Eth} ne devait rester en vie",
  "des tracts largués sur {town} décrivent les {Eth} comme une vermine à exterminer")
F(R, [10, 7, 8], ["10.1", "7.14", "8.7"], 5,
  "un animateur de radio {in_place} appelle chaque soir ses auditeurs à en finir une fois pour toutes avec les {Eth}",
  "un manifeste publié par {grp} appelle à éliminer les {Eth} jusqu'au dernier enfant")
F(R, [10, 11, 13], ["10.2", "11.4", "13.11"], 8,
  "des hommes armés ont fait du porte-à-porte {in_place}, séparant les hommes {eth} des autres avant de les abattre",
  "à un barrage près de {town}, des miliciens ont contrôlé les pièces d'identité et exécuté {n} passagers {eth}",
  "selon les rescapés, les assaillants demandaient l'appartenance ethnique de chaque victime et ne tuaient que les {Eth}")
F(R, [10, 11], ["10.5", "11.4"], 6,
  "les corps des victimes {eth} ont été mutilés et exposés sur la place du marché {in_place}",
  "des femmes de la communauté {eth} ont été violées en public devant leurs familles {in_place}")
F(R, [10, 11], ["10.8", "11.1"], 7,
  "la milice a incendié {n} maisons appartenant à des familles {eth} {in_place} et détruit les greniers du village",
  "toutes les boutiques tenues par des {Eth} au marché de {town} ont été pillées puis incendiées")
F(R, [10], ["10.7", "10.4"], 6,
  "des combattants ont célébré dans les rues de {town} le départ forcé des {Eth}",
  "des enfants {eth} ont été retirés à leurs familles {in_place} et placés dans des internats où leur langue est interdite")
F(R, [10, 11], ["10.3", "11.1"], 5,
  "les villages {eth} de toute la région sont systématiquement attaqués depuis trois mois {country_in}",
  "l'ONU a documenté une campagne de meurtres, de viols et d'incendies visant les {Eth} {in_place}")

# ---------------------------------------------------------------- RF11
F(R, [11, 13], ["11.4", "13.11"], 9,
  "des hommes armés ont tué {n} {victims} {in_place} {when}",
  "{armed} ont tué au moins {n} {victims} lors de l'attaque d'un village près de {town}",
  "{n} personnes, dont des femmes et des enfants, ont été abattues par {armed} {in_place}", hedge=H)
F(R, [11, 13], ["11.4", "13.11"], 8,
  "les assaillants ont incendié des cases et tiré sur les habitants qui fuyaient {in_place} {when}",
  "{state} ont arrêté puis exécuté sommairement {n} hommes {in_place}",
  "les corps de {n} hommes, les mains liées dans le dos, ont été retrouvés à la sortie de {town}", hedge=H)
F(R, [11, 13], ["11.4"], 7,
  "{n} {victims} ont été enlevés {in_place} {when} et sont toujours portés disparus",
  "{armed} ont enlevé {n} élèves dans un internat {in_place}")
F(R, [11, 13, 7], ["11.4", "7.9"], 5,
  "des dizaines de femmes ont été violées par des combattants lors du raid sur les villages {in_place}",
  "l'ONU a vérifié {n} cas de violences sexuelles commises par des hommes armés {in_place} au cours du mois écoulé")
F(R, [11], ["11.1", "11.2"], 6,
  "c'est la quatrième attaque contre des villages {in_place} ce mois-ci, selon le même mode opératoire",
  "les attaques contre les civils se sont étendues à de nouveaux districts {in_place}, avec {N} morts depuis janvier")
F(R, [11], ["11.6", "11.4"], 6,
  "les forces de l'ordre ont tiré à balles réelles sur des manifestants non armés {in_place}, faisant {n} morts",
  "des hommes en civil ont enlevé {n} militants {in_place} depuis le début des manifestations", places="unrest")
F(R, [11, 13], ["11.4", "13.11"], 6,
  "{dateline} — {armed} ont tué {n} {victims} {in_place} {when}, selon des sources locales",
  places=("MLI", "BFA", "NER", "CAF", "COD", "TCD", "SDN", "SOM"), wrap=False)
F(R, [11, 12], ["11.3", "12.8"], 4,
  "les tueries {in_place} ont été commises par des soldats à bord de véhicules de l'armée, avec l'appui des autorités locales")

# ---------------------------------------------------------------- RF12
F(R, [12], ["12.1"], 7,
  "une directive du ministère de la Défense ayant fuité ordonne de nettoyer les villages soupçonnés de soutenir {grp}",
  "le procès-verbal d'une réunion de sécurité montre que l'opération contre les quartiers {eth} de {town} a été planifiée des semaines à l'avance")
F(R, [12], ["12.2", "12.3"], 7,
  "des centaines de camions et de bulldozers ont été réquisitionnés avant l'opération {in_place}",
  "seuls les voyageurs {eth} sont fouillés et rançonnés aux points de contrôle {in_place}")
F(R, [12], ["12.4"], 6,
  "les autorités installent des milliers de familles venues d'autres régions sur des terres confisquées aux {Eth} {in_place}",
  "le gouvernement prévoit de déplacer {N} colons {in_place} pour modifier la composition ethnique de la région")
F(R, [12, 7], ["12.6", "7.12"], 6,
  "des responsables locaux ont dressé des listes des foyers {eth}, avec noms et adresses, et les ont remises à la milice {in_place}",
  "les habitants {in_place} ont reçu l'ordre de se faire recenser par appartenance ethnique à la sous-préfecture")
F(R, [12, 7, 8], ["12.7", "7.14", "8.7"], 6,
  "la télévision d'État diffuse depuis des semaines des émissions présentant les {Eth} comme des traîtres préparant un soulèvement",
  "une campagne de propagande orchestrée par le pouvoir accuse les {Eth} de préparer le massacre de leurs voisins")
F(R, [12], ["12.8", "12.1"], 6,
  "selon les enquêteurs, de hauts gradés de l'armée et le gouverneur ont personnellement dirigé les attaques {in_place}",
  "des documents saisis montrent que l'état-major avait fixé des objectifs chiffrés de villages à détruire {in_place}")
F(R, [12, 7], ["12.5", "7.5"], 5,
  "le gouverneur a armé et entraîné une nouvelle milice chargée de s'occuper des villages {eth} {in_place}")
F(R, [12], ["12.3"], 5,
  "un couvre-feu ne s'applique qu'aux quartiers {eth} de {town}, où les hommes sont régulièrement raflés")

# ---------------------------------------------------------------- RF13
F(R, [13], ["13.11"], 9,
  "{state} ont bombardé l'hôpital principal {in_place} {when}, tuant {n} patients et soignants",
  "une frappe aérienne a touché une école abritant des familles déplacées {in_place}, faisant {n} morts",
  "des tirs d'artillerie ont frappé un marché bondé {in_place}, tuant au moins {n} civils", hedge=H)
F(R, [13], ["13.11"], 7,
  "la maternité de l'hôpital de district de {town} a été détruite par une frappe de drone",
  "les quartiers résidentiels de {town} sont pilonnés quotidiennement par des roquettes non guidées",
  "un obus est tombé sur une école {in_place} {when}, tuant {n} enfants")
F(R, [13], ["13.8"], 6,
  "l'armée assiège {town} depuis {n} semaines, bloquant nourriture et médicaments",
  "les combattants ont détruit les pompes à eau et brûlé les récoltes {in_place}, privant la population de nourriture")
F(R, [13], ["13.10", "13.7"], 6,
  "des armes à sous-munitions ont été utilisées contre des quartiers résidentiels de {town}",
  "{grp} a averti que toute personne restant dans les zones tenues par le gouvernement serait considérée comme une cible légitime")
F(R, [13], ["13.1", "13.2"], 5,
  "{grp} s'est scindé en factions rivales {in_place}, et les chefs de terrain n'obéissent plus à la direction",
  "chaque camp accuse l'autre de violer la trêve {in_place}, et la commission de cessez-le-feu ne se réunit plus")
F(R, [13], ["13.5", "13.6"], 5,
  "des soldats se sont filmés en train de profaner les corps de combattants tués {in_place}",
  "tous les hommes en âge de combattre des zones tenues par {grp} doivent se présenter dans des centres de filtrage, où beaucoup sont détenus sans inculpation")
F(R, [13], [], 4,
  "des prisonniers ont été exécutés après s'être rendus {in_place}, selon une vidéo authentifiée par des enquêteurs")

# ---------------------------------------------------------------- RF14
F(R, [14], ["14.4"], 8,
  "{n2} humanitaires ont été tués dans une embuscade contre leur véhicule {in_place} {when}",
  "des hommes armés ont enlevé {n2} employés d'une ONG internationale {in_place}",
  "une infirmière de {agency} a été abattue dans un centre de santé {in_place}", hedge=H)
F(R, [14], ["14.4", "14.5"], 7,
  "un casque bleu de {mission} a été tué et {n2} autres blessés lors d'une attaque contre leur patrouille près de {town}",
  "la base de {mission} à {town} a été visée par des tirs de mortier {when}",
  "des manifestants ont incendié des véhicules de {mission} à {town} et exigé le départ de la mission", places="mission")
F(R, [14], ["14.5"], 6,
  "un convoi de {n} camions d'aide alimentaire a été attaqué et pillé {in_place}",
  "des hommes armés ont pris d'assaut les locaux de {agency} à {town}, emportant véhicules et stocks")
F(R, [14], ["14.3"], 8,
  "les autorités refusent depuis des semaines de délivrer les autorisations nécessaires aux convois humanitaires {in_place}",
  "des miliciens ont refoulé une mission d'évaluation de l'ONU à l'entrée de {town}",
  "les camions humanitaires restent bloqués aux points de contrôle à l'entrée de {town}")
F(R, [14, 7], ["14.6", "7.7"], 6,
  "{agency} a suspendu ses activités {in_place} et retiré son personnel après des menaces répétées",
  "le gouvernement a expulsé les responsables de {n2} agences humanitaires internationales {country_in}")
F(R, [14], ["14.1", "14.2"], 6,
  "{official} a accusé les agences humanitaires de travailler pour l'ennemi et menacé de les expulser",
  "une radio locale {in_place} appelle à attaquer les casques bleus, accusés de protéger les rebelles")
F(R, [14], ["14.3"], 5,
  "les patrouilles de {mission} ont été empêchées à plusieurs reprises d'accéder au site du massacre près de {town}",
  places="mission")

# ---------------------------------------------------------------- more RF2-RF6
F(R, [2], ["2.1", "2.3"], 6,
  "la mission de l'ONU a recensé {n} cas de torture dans des lieux de détention militaires {in_place} l'an dernier",
  "les familles des personnes disparues {in_place} lors de la dernière vague de répression attendent toujours la restitution des corps")
F(R, [3], ["3.2", "3.6"], 6,
  "le parquet {in_place} ne dispose que de deux enquêteurs pour plusieurs milliers de plaintes",
  "aucun militaire n'a été jugé pour des exactions {country_in}, les tribunaux militaires refusant d'instruire les plaintes de civils")
F(R, [4], ["4.5", "4.2"], 6,
  "l'armée affirme que les {Eth} de la région collaborent avec {grp} et a déclaré leurs villages hostiles",
  "les groupes armés {in_place} se disputent le contrôle des routes du bois et du charbon", places="sahel")
F(R, [5], ["5.1", "5.2"], 6,
  "{grp} s'est procuré des dizaines de pick-up armés qui lui permettent de déplacer des centaines de combattants en une nuit",
  "les chefs coutumiers {in_place} ont reçu l'ordre de fournir dix jeunes hommes par village à la milice")
F(R, [6], ["6.4", "6.6"], 6,
  "la fermeture du dernier bureau d'ONG internationale {in_place} signifie qu'aucun observateur extérieur ne voit plus ce qui s'y passe",
  "{country} a rompu ses relations diplomatiques avec la plupart de ses voisins et ignore leurs appels à la retenue")
F(R, [12], ["12.4", "12.3"], 5,
  "les habitants {eth} de {town} ont été informés que leurs maisons seraient rasées pour faire place à un quartier réservé aux partisans du pouvoir",
  "les résidents {eth} {in_place} doivent obtenir un laissez-passer pour quitter leur quartier")

# ---------------------------------------------------------------- further variety
F(R, [6], ["6.9", "6.11"], 6,
  "l'appel de fonds de l'ONU pour protéger les civils {in_place} n'est financé qu'à hauteur de 10 %, et aucun État n'a proposé de troupes",
  "le comité national d'alerte précoce {country_in} ne s'est jamais réuni depuis sa création")
F(R, [14], ["14.4", "14.5"], 6,
  "une ambulance de {agency} clairement identifiée a essuyé des tirs près de {town}, blessant le chauffeur",
  "{armed} ont saisi {n2} camions humanitaires à un barrage {in_place} et retenu les chauffeurs pendant deux jours")
F(R, [14], ["14.3"], 5,
  "la milice qui contrôle {town} prélève une taxe sur chaque sac de vivres distribué par les agences humanitaires",
  "les autorités locales {in_place} ont confisqué les téléphones satellitaires du personnel humanitaire")
F(R, [5], ["5.8"], 4,
  "des instructeurs étrangers ont été vus en train d'entraîner des recrues de la milice dans un camp près de {town}")
F(R, [3], ["3.3"], 4,
  "le président de la Cour suprême a été démis par décret après avoir annulé une ordonnance présidentielle {country_in}")
F(R, [7, 13], ["7.11", "13.11"], 5,
  "{armed} ont pillé le marché, le centre de santé et les greniers {in_place} avant d'y mettre le feu",
  "le mausolée {in_place} a été dynamité par {grp}, qui le qualifiait de symbole d'idolâtrie")
F(R, [1, 9], ["1.11", "9.4"], 4,
  "les tensions entre {Eth} et {Eth2} {in_place} se sont fortement aggravées depuis le redécoupage des districts")
