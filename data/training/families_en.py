"""English positive families, risk factor by risk factor (our own wording; see generate.py)."""

from generate import F

E = "en"
H = 0.15  # share of hedged variants in event families

# ---------------------------------------------------------------- RF1 armed conflict or instability
F(E, [1], ["1.1"], 8,
  "government troops and fighters of {grp} clashed {in_place} {when}, leaving at least {n} combatants dead",
  "heavy fighting between the army and {grp} was reported {in_place} {when}", hedge=H)
F(E, [1], ["1.1"], 7,
  "the armed forces launched a ground offensive to retake {town} from {grp}",
  "{grp} said its fighters had overrun a military base {in_place} after hours of combat with government forces")
F(E, [1], ["1.1"], 7,
  "rival armed factions exchanged artillery fire along the front line near {town} for a third consecutive day",
  "airstrikes targeted positions held by {grp} {in_place} as the two sides battled for control of the main road")
F(E, [1, 8], ["1.1", "8.1"], 7,
  "fighting erupted {in_place} {when} for the first time since the ceasefire, as {grp} attacked army positions",
  "the war reached {town} {when} when columns of fighters from {grp} engaged army units on the edge of the city")
F(E, [1], ["1.2"], 6,
  "the peace agreement signed last year collapsed after {grp} pulled out of the ceasefire monitoring committee",
  "a wave of bombings claimed by {grp} has plunged {country} into its worst security crisis in a decade")
F(E, [1], ["1.3", "1.1"], 7,
  "more than {N} people have fled the fighting {in_place} since the start of the month, and aid agencies warn of a deepening humanitarian emergency",
  "a cholera outbreak is spreading through overcrowded displacement camps {in_place}, where {N} people sheltering from the conflict lack clean water")
F(E, [1, 8], ["1.4", "8.4"], 6,
  "mutinous soldiers seized the state broadcaster and announced the dissolution of the government {country_in}",
  "the president of {country} was detained by officers of his own guard in what the African Union called an unconstitutional change of government")
F(E, [1], ["1.5", "1.6"], 6,
  "a new armed movement calling itself {grp} announced it would take up arms against the central government {in_place}",
  "the authorities have jailed hundreds of opposition activists {country_in} since the disputed vote, and the main opposition party has been banned")
F(E, [1], ["1.7", "1.9"], 6,
  "clashes over grazing land and water points between farmers and herders have intensified {in_place}",
  "youth unemployment {in_place} now exceeds {pct} per cent, and armed groups recruit openly among jobless young men",
  places="sahel")
F(E, [1], ["1.8", "1.10"], 6,
  "tens of thousands of protesters took to the streets of {town} to demand the resignation of the military council",
  "with inflation above {pct} per cent and fuel queues stretching for kilometres, the economic crisis {country_in} has turned into open revolt against the government")

# ---------------------------------------------------------------- RF2 record of serious violations
F(E, [2], ["2.3"], 7,
  "no one has been prosecuted for the killing of {n} protesters by security forces {in_place} three years ago",
  "the officers accused of torturing detainees {in_place} were quietly promoted instead of being put on trial")
F(E, [2], ["2.1"], 7,
  "a UN report documented a pattern of arbitrary arrests, torture and enforced disappearances targeting {eth} activists {in_place}",
  "human rights groups have recorded more than {N} extrajudicial executions {country_in} since {year}")
F(E, [2], ["2.2"], 6,
  "the commission of inquiry found reasonable grounds to believe that war crimes and crimes against humanity were committed {in_place} during the last offensive",
  "UN investigators concluded that the massacres {in_place} two years ago may amount to crimes against humanity")
F(E, [2], ["2.4", "2.5"], 6,
  "the authorities failed to act on repeated warnings that militias were preparing attacks {in_place}",
  "despite documented abuses, the government continues to arm and pay {grp}, the panel of experts found")
F(E, [2], ["2.6"], 6,
  "{official} defended the summary executions {in_place} as a legitimate counter-terrorism operation and dismissed the UN findings as lies",
  "state media portrayed the massacre of {n} villagers {in_place} as a clash between armed bandits, contradicting survivors' accounts")
F(E, [2], ["2.7", "2.8"], 6,
  "the truth commission set up after the war {country_in} was disbanded before it could publish its findings",
  "survivors of the massacres {in_place} say they have lost all faith in the courts after years of impunity")
F(E, [2, 9], ["2.1", "9.3"], 5,
  "for decades, attacks on {eth} villages {in_place} have gone unpunished, and the same commanders remain in post")

# ---------------------------------------------------------------- RF3 weakness of State structures
F(E, [3], ["3.1"], 5,
  "{country} has still not ratified the Rome Statute, and torture is not a crime under its penal code",
  "domestic law {country_in} offers no protection against enforced disappearance, the UN committee noted")
F(E, [3], ["3.2", "3.3"], 7,
  "courts {in_place} have been closed for months, and only {n} magistrates remain for a population of more than a million",
  "judges who ruled against the government {country_in} have been dismissed or transferred, undermining the independence of the judiciary")
F(E, [3], ["3.4", "3.6"], 7,
  "the army operates {in_place} without any effective civilian oversight, and abuses by soldiers are never investigated",
  "victims of police abuse {in_place} have no way to file complaints since the national human rights commission stopped functioning")
F(E, [3], ["3.5"], 6,
  "{country} ranks among the most corrupt states in the world, and funds meant for soldiers' salaries are routinely diverted",
  "an audit found that half the budget for policing {in_place} had disappeared into the accounts of senior officials")
F(E, [3], ["3.7", "3.8"], 6,
  "militia members recruited into the auxiliary forces {in_place} received no training in international humanitarian law",
  "the army has no system to verify targets before airstrikes, the panel said, citing repeated strikes on civilian homes {in_place}")
F(E, [3], ["3.10", "3.9"], 7,
  "state authority is virtually absent {in_place}, with fewer than {n} police officers for several hundred thousand residents",
  "the government cannot pay civil servants {country_in}, let alone finance the reform of the security sector it promised donors")

# ---------------------------------------------------------------- RF4 motives or incentives
F(E, [4], ["4.1"], 6,
  "{official} vowed that the ruling party would never hand power to the opposition {country_in}, whatever the cost",
  "the junta {country_in} postponed the transition indefinitely, saying the army alone could guarantee the nation's survival")
F(E, [4], ["4.2"], 7,
  "control of the gold mines {in_place} is driving the fighting, with commanders on both sides profiting from illicit exports",
  "the militia has seized the most fertile land {in_place} and taxes every harvest, making the war a lucrative business for its leaders",
  places="sahel")
F(E, [4], ["4.3"], 5,
  "the army said it would hold the strategic corridor {in_place} at all costs because it links the capital to the border",
  "{grp} is fighting to control the border crossings {in_place}, which would give it a route for weapons and fuel")
F(E, [4, 10], ["4.4", "10.1"], 6,
  "leaders of {grp} have openly called for the district {in_place} to be emptied of all {Eth} so that it belongs to one people",
  "the militia's stated aim is a territory {in_place} where no {Eth} family remains, according to recordings obtained by investigators")
F(E, [4, 7], ["4.5", "7.14"], 6,
  "officials {country_in} describe the {Eth} minority as a fifth column loyal to the enemy",
  "{official} said the {Eth} could not be trusted because their loyalty lies across the border")
F(E, [4], ["4.6"], 6,
  "the army accuses villagers {in_place} of feeding and sheltering {grp} fighters",
  "commanders told troops that every {eth} village {in_place} was a rebel base in disguise")
F(E, [4], ["4.7", "4.8", "4.9"], 7,
  "the movement's manifesto proclaims the superiority of its own people and calls minorities mere guests in the land",
  "politicians {country_in} have revived grievances over land seizures in the 1990s to rally their base ahead of the vote",
  "many young men {in_place} who lost relatives in the massacres say they are determined to take revenge")

# ---------------------------------------------------------------- RF5 capacity
F(E, [5], ["5.1"], 6,
  "{grp} is estimated to have more than {N} fighters and a growing stock of heavy weapons {in_place}",
  "the militia raised millions of dollars from taxing roads {in_place} and has used the money to buy rifles and pick-up trucks")
F(E, [5], ["5.2"], 6,
  "trucks loaded with weapons were seen leaving the army depot for villages {in_place}",
  "helicopters have been ferrying troops and ammunition to {town} every night this week")
F(E, [5, 7], ["5.3", "7.5"], 6,
  "the militia has recruited thousands of young men {in_place} in recent weeks, offering cash and motorcycles",
  "recruitment drives by {grp} {in_place} have drawn long queues of volunteers, many of them teenagers")
F(E, [5], ["5.4", "5.5"], 6,
  "fighters of {grp} swear unconditional obedience to their commander, and deserters are executed",
  "{grp} has forged an alliance with armed groups across the border {in_place}, sharing fighters and supply routes")
F(E, [5], ["5.6", "5.7"], 6,
  "gold traders in the capital are financing the militia {in_place} in exchange for access to mining sites",
  "wealthy businessmen close to the presidency have bankrolled the arming of youth groups {in_place}")
F(E, [5], ["5.8"], 7,
  "a foreign private military company is training and equipping government special forces {in_place}",
  "drones supplied by a foreign government have given the army the capacity to strike anywhere in {region}",
  "the panel of experts traced the militia's new rifles {in_place} to a shipment from a neighbouring state")

# ---------------------------------------------------------------- RF6 absence of mitigating factors
F(E, [6], ["6.1"], 6,
  "the {Eth} community {in_place} has no armed protection and no one to speak for it in government",
  "isolated {eth} villages {in_place} have neither police posts nor any means of calling for help")
F(E, [6], ["6.2", "6.3"], 6,
  "the last independent newspaper {country_in} closed this year, leaving state media as the only source of news",
  "the crisis {in_place} has received almost no international media coverage, and foreign reporters have not visited in years")
F(E, [6], ["6.4"], 6,
  "no UN agency or international NGO has had access to {region} for more than a year",
  "the UN has no presence at all {in_place}, where an estimated {N} people are trapped by the fighting")
F(E, [6], ["6.5", "6.7"], 6,
  "{country} has withdrawn from the International Criminal Court and ignored every request for a visit by UN special rapporteurs",
  "the government {country_in} has refused to cooperate with the UN fact-finding mission and barred its members from entering")
F(E, [6], ["6.8", "6.9"], 6,
  "both parties {country_in} rejected the mediation offer and vowed to fight on",
  "the Security Council remains divided and has failed to agree even on a statement about the killings {in_place}")
F(E, [6], ["6.10", "6.11"], 6,
  "neighbouring countries have closed their borders to people fleeing {country} and forcibly returned thousands of refugees",
  "there is no mechanism {country_in} to warn of or respond to the risk of mass atrocities, the report said")

# ---------------------------------------------------------------- RF7 enabling circumstances
F(E, [7], ["7.1"], 8,
  "the president declared a state of emergency {in_place}, suspending freedom of assembly and allowing detention without charge",
  "parliament extended emergency rules that give the army sweeping powers of arrest in {region}",
  "a new security law {country_in} allows suspects to be held for up to {n} days without seeing a lawyer")
F(E, [7], ["7.2"], 6,
  "the president of {country} dissolved the constitutional court and suspended parliament indefinitely",
  "every {eth} member of the electoral commission {country_in} was dismissed overnight and replaced by loyalists")
F(E, [7], ["7.3", "7.4"], 6,
  "the government deployed a newly formed rapid intervention unit to {region} with orders to neutralise suspected {eth} sympathisers",
  "the army took delivery of {N} assault rifles and large stocks of ammunition {country_in} despite the arms embargo")
F(E, [7, 12], ["7.5", "12.5"], 6,
  "the governor announced the creation of armed self-defence committees in every village {in_place}",
  "the authorities have begun handing out rifles to civilian volunteers who will fight alongside the army {in_place}")
F(E, [7], ["7.6"], 9,
  "the authorities cut internet access {in_place} {when}, and mobile networks stayed down for a week",
  "the government blocked social media platforms and messaging apps nationwide {country_in} ahead of the verdict",
  "telephone and internet services have been shut down across {region} since the military operation began", hedge=0.1)
F(E, [7], ["7.7"], 9,
  "the government of {country} expelled {n2} foreign journalists and revoked the licences of two international broadcasters",
  "the authorities ordered the UN human rights office {country_in} to close and gave its staff 72 hours to leave",
  "reporters have been barred from travelling to {region}, and a local journalist was detained for filming at a checkpoint")
F(E, [7], ["7.12", "7.13"], 6,
  "houses belonging to {eth} families {in_place} were marked with red paint overnight",
  "politicians {country_in} increasingly describe the conflict as a struggle for the survival of their nation against the {Eth}")
F(E, [7, 9], ["7.8", "9.1"], 6,
  "a new decree {country_in} strips {eth} residents of the right to own land or run a business",
  "arrests of {eth} men {in_place} have risen sharply since the new anti-terror law was passed")

# ---------------------------------------------------------------- RF8 triggering factors
F(E, [8], ["8.1"], 7,
  "the army deployed thousands of troops and armoured vehicles to {region} {when}",
  "convoys of soldiers and militiamen were seen heading towards {town} {when}, residents said", hedge=0.1)
F(E, [8], ["8.2"], 5,
  "the war across the border is spilling over into {region}, with armed groups crossing freely",
  "refugees and fighters from the neighbouring conflict have poured into {region}, straining relations between communities")
F(E, [8], ["8.3"], 5,
  "the government of {country} denounced the new UN sanctions as an attack on national sovereignty and expelled the European ambassador",
  "{official} said any deployment of foreign troops would be treated as an invasion of {country}")
F(E, [8, 1], ["8.4", "1.4"], 5,
  "the military seized power {country_in} {when}, arresting the prime minister and suspending the constitution",
  "officers loyal to the army chief toppled the government {country_in} in a dawn coup")
F(E, [8], ["8.5"], 7,
  "an opposition leader was shot dead outside his home {in_place} {when}",
  "the traditional chief of the {eth} community was assassinated {in_place}, and his supporters blamed a rival clan", hedge=0.1)
F(E, [8, 11, 13], ["8.5", "11.4", "13.11"], 6,
  "a suicide bomber killed {n} people at a crowded bus station {in_place} {when}",
  "a car bomb claimed by {grp} killed {n} shoppers in the main market of {town}")
F(E, [8], ["8.6"], 6,
  "the burning of a holy book {in_place} sparked angry demonstrations and attacks on shops",
  "tension is running high {in_place} ahead of the pilgrimage season, after a shrine was vandalised last month")
F(E, [8], ["8.8"], 7,
  "the run-up to the presidential election {country_in} has been marred by violence and mutual accusations of fraud",
  "the disputed census {country_in} has reignited quarrels over how many {Eth} live in {region}",
  "the opposition rejected the election results {country_in} and called its supporters onto the streets")
F(E, [8], ["8.9", "8.10"], 6,
  "the price of bread doubled in a week {country_in} after the currency collapsed",
  "the discovery of oil {in_place} has triggered disputes over land between local communities and the government")
F(E, [8], ["8.11"], 4,
  "a rally glorifying the commander behind the massacres of the 1990s drew thousands of supporters {in_place}, raising fears of new clashes",
  "supporters of the ruling party erected a statue of a wartime militia leader {in_place}, enraging the survivors' community")
F(E, [8], ["8.12"], 5,
  "the arrest of the former militia leader on an international warrant triggered violent protests by his supporters {in_place}",
  "the government of {country} called the court's ruling biased and said it would not hand over the accused generals")

# ---------------------------------------------------------------- RF9 intergroup tensions, discrimination
F(E, [9], ["9.1"], 9,
  "a new citizenship law {country_in} requires {eth} residents to prove that their grandparents were born in the country",
  "{eth} children {in_place} have been barred from enrolling in state schools since the start of the year",
  "{eth} traders were expelled from the central market of {town} under a municipal order")
F(E, [9], ["9.1"], 8,
  "the authorities {in_place} refuse to issue identity cards to members of the {Eth} community, leaving them unable to travel or vote",
  "{eth} civil servants {in_place} were dismissed en masse after the change of government",
  "only {eth} families are denied building permits {in_place}, according to a study of municipal records")
F(E, [9], ["9.2"], 7,
  "the government {country_in} insists that the {Eth} are not a distinct people and refuses to recognise their language",
  "the new constitution of {country} makes no mention of the {Eth}, whom officials describe as foreign settlers")
F(E, [9, 2], ["9.3", "2.3"], 6,
  "none of those responsible for the {year} massacres of {eth} villagers {in_place} has ever been brought to justice",
  "the {Eth} {in_place} still wait for an investigation into the killings of their relatives a decade ago")
F(E, [9], ["9.4"], 10,
  "relations between {eth} farmers and {eth2} herders {in_place} have deteriorated sharply after a dispute over grazing land",
  "{eth} and {eth2} youths clashed with sticks and machetes {in_place} {when}, leaving {n} people injured",
  "a dispute over a chieftaincy title {in_place} has pitted the {Eth} against the {Eth2}, and both sides are arming", hedge=0.1)
F(E, [9], ["9.5", "9.6"], 7,
  "the rivalry between the two main parties {country_in} is increasingly taking on an ethnic dimension",
  "since the peace committee was dissolved, there has been no forum {in_place} to settle disputes between the {Eth} and the {Eth2}")
F(E, [9, 7, 8], ["7.14", "8.7"], 9,
  "{official} told a rally {in_place} that the {Eth} did not belong there and should go back where they came from",
  "posts circulating on social media {country_in} accuse {eth} traders of hoarding food and call for their shops to be boycotted",
  "a song played on local radio {in_place} mocks the {Eth} as lazy thieves, and has been widely shared")
F(E, [9, 7, 8], ["9.4", "7.14", "8.7"], 8,
  "campaign leaflets {in_place} warn voters that the {Eth} are plotting to take their land",
  "{official} accused {eth} businessmen of sucking the country dry and said they should be driven out of the markets")
F(E, [9, 7, 8], ["7.14", "8.7"], 7,
  "graffiti reading '{Eth} out' appeared overnight on the walls of the mosque {in_place}",
  "hate messages targeting the {Eth} minority have multiplied on social media {country_in} since the election, monitors said")

# ---------------------------------------------------------------- RF10 intent to destroy a protected group
F(E, [10, 7, 8], ["10.1", "7.14", "8.7"], 10,
  "{official} called the {Eth} cockroaches and urged supporters to clean the land of them",
  "a militia commander was filmed {in_place} telling his fighters that no {Eth} should be left alive",
  "leaflets dropped over {town} described the {Eth} as vermin that must be exterminated")
F(E, [10, 7, 8], ["10.1", "7.14", "8.7"], 9,
  "a radio presenter {in_place} repeatedly called on listeners to finish the work against the {Eth} once and for all",
  "a manifesto published by {grp} calls for the {Eth} to be wiped out down to the last child",
  "in a video shared thousands of times, a preacher {country_in} said the {Eth} were snakes whose heads must be crushed")
F(E, [10, 11, 13], ["10.2", "11.4", "13.11"], 9,
  "gunmen went from house to house {in_place}, separating {eth} men from the others and shooting them",
  "militiamen checked identity cards at a roadblock near {town} and executed {n} passengers identified as {Eth}",
  "survivors said the attackers asked each victim's ethnicity and killed only the {Eth}", hedge=H)
F(E, [10, 11], ["10.3", "11.1"], 8,
  "{eth} villages across {region} have been systematically attacked over the past three months",
  "the UN has documented a campaign of killings, rape and arson against the {Eth} {in_place} that has lasted more than a year")
F(E, [10, 11], ["10.4", "11.4"], 6,
  "{eth} women held in the camp {in_place} were subjected to forced sterilisation, investigators found",
  "{eth} children {in_place} were taken from their families and placed in state boarding schools where their language is banned")
F(E, [10, 11, 7], ["10.5", "11.4", "7.9"], 7,
  "the bodies of {eth} victims {in_place} were mutilated and displayed in the market to terrorise the community",
  "women of the {Eth} community {in_place} were raped in public in front of their families, survivors told the UN")
F(E, [10, 13], ["10.6", "13.10"], 5,
  "survivors described an attack with chemical agents on {eth} villages {in_place}",
  "doctors treating {Eth} survivors {in_place} reported symptoms consistent with exposure to a nerve agent")
F(E, [10], ["10.7"], 5,
  "fighters celebrated in the streets of {town} after driving out the {Eth}, posting videos of themselves dancing on the ruins",
  "crowds cheered as the last {eth} families were marched out of {town} under armed escort")
F(E, [10, 11], ["10.8", "11.1"], 8,
  "the militia burned {n} {eth} homes {in_place} and destroyed the community's granaries and place of worship",
  "every {eth}-owned shop in the market of {town} was looted and set alight, while neighbouring shops were left untouched", hedge=0.1)
F(E, [10, 12], ["10.2", "12.6"], 6,
  "soldiers {in_place} were given lists of {eth} community leaders, teachers and elders, several of whom have since been found dead",
  "the educated elite of the {Eth} {in_place} appears to have been singled out, with {n} teachers and doctors killed in a month")

# ---------------------------------------------------------------- RF11 widespread or systematic attack on civilians
F(E, [11, 13], ["11.4", "13.11"], 10,
  "gunmen killed {n} {victims} {in_place} {when}",
  "{armed} killed at least {n} {victims} in an attack on a village near {town} {when}",
  "{n} {victims}, among them women and children, were shot dead by {armed} {in_place}", hedge=H)
F(E, [11, 13], ["11.4", "13.11"], 9,
  "{armed} stormed a village {in_place} {when}, set fire to huts and shot residents as they fled",
  "at least {n} people were killed when {armed} raided a cattle camp {in_place}",
  "armed men on motorcycles surrounded the market of a village near {town} and opened fire on the crowd", hedge=H)
F(E, [11, 13], ["11.4", "13.11"], 9,
  "{state} rounded up and summarily executed {n} men {in_place} {when}",
  "the bodies of {n} men with their hands tied behind their backs were found on the outskirts of {town}",
  "{state} shot dead {n} unarmed {victims} during a search operation {in_place}", hedge=H)
F(E, [11, 13], ["11.4"], 8,
  "{n} {victims} were abducted from their homes {in_place} {when} and remain missing",
  "{armed} kidnapped {n} schoolchildren from a boarding school {in_place}",
  "relatives say {n} young men taken away by soldiers {in_place} have not been seen since", hedge=H)
F(E, [11, 13, 7], ["11.4", "7.9"], 7,
  "dozens of women were raped by fighters during the raid on villages {in_place}",
  "the UN verified {n} cases of sexual violence against women and girls by armed men {in_place} in the past month")
F(E, [11], ["11.1", "11.2"], 8,
  "this is the fourth attack on villages {in_place} this month, following the same pattern of night raids and arson",
  "attacks on civilians have spread from {region} to neighbouring districts, with {N} deaths recorded since January",
  "the number of civilians killed {country_in} has tripled compared with last year, according to {src}")
F(E, [11, 12], ["11.3", "12.8"], 6,
  "the killings {in_place} were carried out by soldiers using army vehicles, with the support of local authorities",
  "investigators found that police and militia members acted together during the attacks {in_place}, sharing weapons and radios")
F(E, [11], ["11.5"], 6,
  "opposition supporters {in_place} have been hunted down, beaten and detained because of their political affiliation",
  "members of the {Eth} minority {in_place} are being arrested, tortured and disappeared on account of their identity")
F(E, [11], ["11.6", "11.4"], 7,
  "police opened fire on unarmed demonstrators {in_place} {when}, killing {n}",
  "security forces shot dead {n} protesters and arrested hundreds more during a peaceful march {in_place}",
  "men in plain clothes have abducted {n} activists {in_place} since the protests began", places="unrest")
F(E, [11, 7], ["11.4", "7.10"], 6,
  "residents of {n2} villages {in_place} were forced onto trucks and taken to camps across the river",
  "{N} {eth} residents of {town} were forcibly transferred to a remote camp with no water or shelter")
F(E, [11, 13], ["11.4", "13.11"], 8,
  "{dateline} — {armed} killed {n} {victims} {in_place} {when}, local officials said",
  "{dateline} — at least {n} civilians were killed in an attack on a village near {town}, {country}, {when}",
  places=("SOM", "SSD", "ETH", "SDN", "COD", "CAF", "MLI", "BFA", "NER", "NGA"), wrap=False)

# ---------------------------------------------------------------- RF13 threats to people protected by IHL
F(E, [13], ["13.11"], 10,
  "{state} shelled the main hospital {in_place} {when}, killing {n} patients and medical staff",
  "an airstrike hit a school sheltering displaced families {in_place}, killing {n} people",
  "artillery fire struck a crowded market {in_place} {when}, killing at least {n} civilians", hedge=H)
F(E, [13], ["13.11"], 9,
  "the maternity ward of the district hospital in {town} was destroyed by a drone strike",
  "government forces have repeatedly bombarded residential neighbourhoods of {town} with unguided rockets",
  "a mosque in {town} was hit by shellfire during Friday prayers, killing {n} worshippers")
F(E, [13], ["13.11"], 8,
  "soldiers shelled a hospital {in_place} and fired on ambulances trying to reach the wounded",
  "a health centre {in_place} was bombed for the third time this year, leaving {N} people without medical care",
  "{n} children were killed when a shell landed on their school {in_place} {when}")
F(E, [13], ["13.8"], 8,
  "the army has besieged {town} for {n} weeks, blocking food and medicine and leaving residents to starve",
  "fighters destroyed water pumps and burned crops {in_place}, cutting the population off from food",
  "starvation is being used as a method of war {in_place}, where no food has entered for two months")
F(E, [13], ["13.10", "13.11"], 6,
  "cluster munitions were used in attacks on residential areas of {town}, according to weapons experts",
  "investigators found evidence that chlorine gas was used against a neighbourhood of {town}")
F(E, [13], ["13.1", "13.3"], 6,
  "{grp} has split into rival factions {in_place}, and field commanders no longer answer to the leadership",
  "hardline commanders have taken over {grp}, sidelining those who favoured negotiations")
F(E, [13], ["13.2", "13.4"], 6,
  "each side accuses the other of breaking the truce {in_place}, and the ceasefire commission has stopped meeting",
  "the rebel leadership {in_place} now requires recruits to swear allegiance on the basis of their faith")
F(E, [13], ["13.5", "13.6"], 6,
  "soldiers filmed themselves desecrating the bodies of dead fighters {in_place} and mocking their religion",
  "the military ordered all men of fighting age in areas held by {grp} to report to screening centres, where many are held without charge")
F(E, [13], ["13.7"], 7,
  "{grp} warned that anyone who stays in government-held areas {in_place} will be treated as a legitimate target",
  "a commander threatened to turn {town} into a cemetery if residents did not leave within three days")
F(E, [13], ["13.9"], 4,
  "satellite images show the army building detention camps near {town} capable of holding thousands of people")
F(E, [13], [], 5,
  "captured soldiers were executed after surrendering {in_place}, a video verified by investigators shows",
  "wounded fighters were dragged from hospital beds in {town} and shot")

# ---------------------------------------------------------------- RF14 threats to humanitarian and peacekeeping operations
F(E, [14], ["14.4"], 10,
  "{n2} aid workers were killed when their vehicle was ambushed {in_place} {when}",
  "gunmen abducted {n2} staff members of {agency} {in_place}",
  "a nurse working for {agency} was shot dead at a health centre {in_place}", hedge=H)
F(E, [14], ["14.4"], 9,
  "a peacekeeper from {mission} was killed and {n2} others were wounded when their patrol came under fire near {town}",
  "{mission} said {n2} of its peacekeepers were wounded in an ambush {in_place} {when}",
  "blue helmets escorting displaced people to {town} were attacked by {armed}", places="mission")
F(E, [14], ["14.5"], 9,
  "a convoy of {n} trucks carrying food aid was attacked and looted {in_place}",
  "armed men stormed the compound of {agency} in {town}, looting warehouses and vehicles",
  "the warehouse of {agency} {in_place} was set on fire, destroying stocks meant for {N} people", hedge=H)
F(E, [14], ["14.5"], 6,
  "the base of {mission} in {town} was hit by mortar fire {when}",
  "demonstrators burned {mission} vehicles in {town} and demanded the mission's departure",
  places="mission")
F(E, [14], ["14.3"], 10,
  "the authorities have refused permits for aid convoys to reach {region} for {n} weeks",
  "humanitarian trucks remain blocked at checkpoints outside {town}, while people inside go hungry",
  "militiamen turned back a UN assessment mission at the entrance to {town}")
F(E, [14], ["14.3"], 6,
  "peacekeepers of {mission} were prevented from reaching the site of the massacre by soldiers blocking the road near {town}",
  "{mission} said its patrols {in_place} had been denied freedom of movement {n2} times this month", places="mission")
F(E, [14, 13], ["14.3", "13.8"], 6,
  "fighters looted aid convoys {in_place} and blocked food deliveries to besieged neighbourhoods of {town}",
  "the army seized medical supplies from humanitarian trucks bound for {town}, where hospitals have run out of drugs")
F(E, [14], ["14.1", "14.2"], 8,
  "{official} accused aid agencies of working for the enemy and threatened to expel them {country_in}",
  "a local radio station {in_place} broadcast calls to attack the peacekeepers, whom it accused of protecting the rebels",
  "posters {in_place} warn residents that anyone working with foreign NGOs will be treated as a spy")
F(E, [14, 7], ["14.6", "7.7"], 7,
  "{agency} suspended its operations {in_place} and withdrew its staff after repeated threats",
  "the government of {country} expelled the heads of {n2} international humanitarian agencies",
  "aid groups pulled out of {town} after their offices were raided and staff were threatened")
F(E, [14], ["14.7"], 4,
  "gunmen used a vehicle painted with the Red Cross emblem to approach the checkpoint {in_place}",
  "fighters wearing UN-style blue helmets entered {town} to deceive residents, witnesses said")

# ---------------------------------------------------------------- more RF2-RF6 (structural context)
F(E, [2], ["2.1", "2.4"], 7,
  "the UN mission recorded {n} cases of torture in military detention {in_place} last year, most of them against young men from the same community",
  "the authorities ignored the human rights commission's warnings about abuses in the prisons of {region}, and detainees continue to die in custody")
F(E, [2], ["2.3", "2.8"], 7,
  "families of the people who disappeared {in_place} during the last crackdown are still waiting for the bodies to be returned",
  "impunity for the security forces has left residents of {region} deeply suspicious of any official inquiry")
F(E, [2], ["2.6"], 6,
  "state television described the bombing of the village {in_place} as a precise strike on terrorists, although the dead were farmers",
  "{official} praised the unit accused of the killings {in_place} and said its members had only done their duty")
F(E, [3], ["3.2", "3.6"], 7,
  "the prosecutor's office {in_place} has two investigators for a caseload of several thousand complaints",
  "no soldier has been tried for abuses {country_in} because military courts refuse to hear cases brought by civilians")
F(E, [3], ["3.4", "3.5"], 7,
  "local commanders {in_place} answer to no one and run their own checkpoints, collecting fees from travellers",
  "salaries for ghost soldiers are being pocketed by officers {country_in}, leaving frontline units unpaid and unsupplied")
F(E, [4], ["4.2", "4.3"], 7,
  "the fight for {town} is about the customs revenue from the border crossing, which brings in millions of dollars a month",
  "armed groups {in_place} are competing for control of timber and charcoal routes worth millions of dollars",
  places="sahel")
F(E, [4], ["4.5", "4.6"], 6,
  "the army claims that the {Eth} of {region} are collaborating with {grp} and has declared their villages hostile",
  "officials {country_in} say the displaced {Eth} in the camps are hiding rebels and must be screened")
F(E, [5], ["5.1", "5.2"], 7,
  "{grp} has acquired dozens of armed pick-up trucks that allow it to move hundreds of fighters across {region} in a single night",
  "the militia's leaders have built up a network of fuel depots and motorbike repair shops {in_place} to keep their fighters mobile")
F(E, [5], ["5.3", "5.7"], 6,
  "traditional leaders {in_place} have been ordered to supply ten young men per village to the militia",
  "a powerful businessman {country_in} has paid for uniforms, food and weapons for several thousand volunteers")
F(E, [6], ["6.4", "6.6"], 7,
  "the closure of the last international NGO office {in_place} means that no outside observer now sees what is happening there",
  "{country} has cut diplomatic ties with most of its neighbours and ignores their calls for restraint")
F(E, [6], ["6.1", "6.2"], 6,
  "community radio stations {in_place} have been silenced one by one, and local human rights defenders have fled abroad",
  "the {Eth} living in the scattered hamlets of {region} have neither weapons nor powerful friends to protect them")

# ---------------------------------------------------------------- RF12 plan or policy
F(E, [12], ["12.1"], 8,
  "a leaked defence ministry directive orders commanders to clear villages {in_place} suspected of supporting {grp}",
  "minutes of a security meeting show that officials planned the operation against {eth} neighbourhoods of {town} weeks in advance",
  "a written order signed by the regional commander instructs troops to treat all {eth} men {in_place} as enemy combatants")
F(E, [12], ["12.1", "12.8"], 7,
  "documents seized by investigators show that the general staff set targets for the number of villages to be destroyed {in_place}",
  "the attacks {in_place} were planned at a meeting chaired by the governor and attended by militia commanders",
  "{official} was recorded telling security chiefs that the operation in {region} must leave no {eth} settlement standing")
F(E, [12], ["12.2"], 7,
  "hundreds of trucks, bulldozers and fuel tankers were requisitioned ahead of the operation {in_place}",
  "the authorities set aside a special budget and mobilised police, army and militia units for the clearance of {region}")
F(E, [12], ["12.3"], 8,
  "only {eth} travellers are stopped, searched and made to pay at checkpoints {in_place}",
  "a curfew applies only to the {eth} neighbourhoods of {town}, where men are regularly rounded up",
  "{eth} residents {in_place} need a special pass to leave their district, while their neighbours move freely")
F(E, [12], ["12.4"], 8,
  "the authorities are settling thousands of families from other regions on land taken from the {Eth} {in_place}",
  "the government plans to move {N} settlers into {region} in a scheme critics say is meant to change its ethnic make-up",
  "the {eth} inhabitants of {town} have been told their homes will be demolished to make way for a new district reserved for government supporters")
F(E, [12, 7], ["12.6", "7.12"], 8,
  "local officials compiled lists of {eth} households, with names and addresses, and handed them to the militia {in_place}",
  "residents {in_place} were ordered to register by ethnicity at the district office",
  "soldiers going door to door {in_place} recorded the ethnicity of every household on tablets, residents said")
F(E, [12, 7, 8], ["12.7", "7.14", "8.7"], 8,
  "state television has for weeks broadcast programmes portraying the {Eth} as traitors preparing an uprising",
  "a coordinated campaign on pro-government accounts {country_in} accuses the {Eth} of plotting to massacre their neighbours",
  "school textbooks issued this year {country_in} describe the {Eth} as enemies of the nation")
F(E, [12], ["12.8", "12.5"], 7,
  "investigators found that senior army commanders and the regional governor personally directed the attacks {in_place}",
  "a new paramilitary force answering directly to the presidency has been trained and armed for operations in {region}")

# ---------------------------------------------------------------- further variety
F(E, [6], ["6.9", "6.3"], 7,
  "appeals by the UN for funding to protect civilians {in_place} have raised less than a tenth of what is needed, and no State has offered troops",
  "regional leaders {country_in} have repeatedly postponed an emergency summit on the killings, citing scheduling problems",
  "world attention has moved elsewhere, and the violence {in_place} barely features in the international press")
F(E, [6], ["6.7", "6.11"], 6,
  "the government {country_in} has not answered a single communication from UN human rights experts in three years",
  "the national early-warning committee {country_in} has not met since it was created, and its budget was never released")
F(E, [3], ["3.1", "3.3"], 6,
  "the penal code of {country} still allows confessions obtained under duress to be used in court",
  "the chief justice {country_in} was removed by decree after the court annulled a presidential order")
F(E, [5], ["5.5", "5.8"], 6,
  "{grp} receives weapons, fuel and satellite phones from allies across the border, according to the panel of experts",
  "foreign instructors have been seen training militia recruits at a camp outside {town}")
F(E, [14], ["14.4", "14.5"], 8,
  "a clearly marked ambulance of {agency} was fired on near {town}, wounding the driver and a paramedic",
  "{armed} seized {n2} trucks of {agency} at a roadblock {in_place} and held the drivers for two days",
  "the guesthouse used by aid workers in {town} was attacked with grenades {when}", hedge=0.1)
F(E, [14], ["14.3", "14.1"], 7,
  "new rules {country_in} require aid agencies to obtain three separate permits for every trip, delaying deliveries by weeks",
  "local authorities {in_place} confiscated the satellite phones of humanitarian staff and ordered them to stay in their compound",
  "the militia controlling {town} demands a tax on every bag of food delivered by aid agencies")
F(E, [9], ["9.1", "9.4"], 7,
  "{eth} farmers {in_place} say they have been barred from the irrigation scheme, which now serves only their {eth2} neighbours",
  "landlords {in_place} have been told not to rent homes to {eth} families, according to a local rights group")
F(E, [10, 11, 13], ["10.2", "11.4", "13.11"], 6,
  "survivors said soldiers {in_place} ordered the {Eth} to lie face down in a field and then opened fire",
  "the attackers spared the {eth2} residents of the village near {town} but killed every {eth} man they found")
F(E, [11, 13], ["11.4", "11.2"], 7,
  "the number of villages attacked {in_place} rose from {n2} in January to more than {n} in March",
  "{armed} killed {n} people in three villages around {town} in a single night, in the deadliest attack of the year", hedge=H)
F(E, [13], ["13.11"], 6,
  "a water treatment plant serving {N} people in {town} was destroyed by shelling",
  "the only bridge into {town} used by ambulances was bombed while civilians were crossing")
F(E, [1], ["1.1", "1.5"], 6,
  "{grp} now controls most of {region} after a month-long offensive against the army",
  "the armed forces lost control of {town} after {grp} overran the garrison {when}")
F(E, [7, 13], ["7.11", "13.11"], 7,
  "{armed} looted the market, the health centre and the grain stores {in_place} before setting them on fire",
  "the ancient shrine {in_place} was blown up by {grp}, which called it a symbol of idolatry",
  "fighters destroyed the water tower and the solar pumps that supplied {town}, residents said", hedge=0.1)
F(E, [1, 9], ["1.11", "9.4"], 6,
  "tensions between the {Eth} and the {Eth2} {in_place} have risen sharply since the redrawing of district boundaries",
  "a movement demanding a homeland for the {Eth} alone has gained ground among young people {in_place}")
