"""Families added for recall on RF3, RF4, RF6, RF9 and RF12, and battles and protest policing as RF1 (our own wording).

Rendered after every other module, so the sentences of the earlier families (and their slot fillings) are unchanged.
"""

from generate import F

E, R = "en", "fr"

# ---------------------------------------------------------------- added for recall on RF3, RF4, RF6, RF9, RF12
F(E, [3], ["3.2", "3.3"], 7,
  "the supreme court {country_in} has not sat for a year after the president suspended half of its judges",
  "magistrates {in_place} say they receive instructions from the governor's office on how to rule in political cases",
  "lawyers {country_in} describe a justice system in which verdicts are bought and sold openly")
F(E, [3], ["3.4", "3.10"], 7,
  "the police have abandoned {town}, and the only authority left is the commander of a local armed group",
  "soldiers deployed {in_place} ignore orders from the defence ministry and report only to their own commanders",
  "the gendarmerie posts {in_place} were deserted months ago, residents say, and no official has visited since")
F(E, [3], ["3.5", "3.6"], 7,
  "officials who siphoned off emergency food aid {in_place} have kept their posts, and no one has been charged",
  "victims of abuses {country_in} cannot sue the security forces, which enjoy legal immunity for acts committed on duty",
  "customs officers and army officers {in_place} share the proceeds of smuggling, according to a leaked audit")
F(E, [4], ["4.1", "4.2"], 7,
  "the ruling family {country_in} controls the mining concessions and has made clear it will use the army to keep them",
  "commanders of {grp} are said to earn fortunes from the checkpoints they run on the roads {in_place}",
  "the scramble for the newly discovered oil fields {in_place} has set rival commanders against each other")
F(E, [4], ["4.5", "4.6"], 7,
  "{official} warned that the {Eth} were an enemy within who would betray the country at the first opportunity",
  "the army has labelled every {eth} young man {in_place} a potential collaborator of {grp}",
  "government spokesmen insist that the {Eth} living {in_place} are sheltering insurgents in their homes")
F(E, [4], ["4.8", "4.9"], 7,
  "speeches at the rally {in_place} revived memories of the land taken from farmers decades ago and demanded that it be taken back",
  "relatives of those killed in last year's raid {in_place} have formed a group that openly promises retaliation",
  "politicians {country_in} are stoking resentment over the sharing of oil revenue to mobilise their home regions")
F(E, [6], ["6.2", "6.3"], 7,
  "foreign correspondents have been refused visas to {country} for two years, and local reporters work under constant threat",
  "the authorities {country_in} have closed the last independent radio station and arrested its editor",
  "almost nothing is known about the situation {in_place}, where no journalist has been allowed since the fighting began")
F(E, [6], ["6.4", "6.5"], 7,
  "{country} has refused entry to the UN special rapporteur and suspended cooperation with the human rights office",
  "the peacekeeping mission is due to leave {region} by the end of the year at the government's request, leaving no international presence",
  "international monitors were asked to leave {country} after they published their first report")
F(E, [6], ["6.8", "6.9"], 7,
  "the government has rejected every offer of mediation and says it will negotiate only after the rebels surrender",
  "a draft resolution on {country} was blocked in the Security Council, and regional bodies have stayed silent",
  "neighbouring states have shown no interest in the crisis {in_place}, and donors have cut their funding")
F(E, [6], ["6.10", "6.11"], 6,
  "border guards turned back thousands of {eth} families trying to cross from {country} to safety",
  "the early warning system set up after the last war {country_in} has not issued a single alert despite months of violence")
F(E, [9], ["9.1"], 8,
  "{eth} farmers {in_place} have been ordered to hand over their land titles, while their neighbours keep theirs",
  "job advertisements in the civil service {country_in} now exclude applicants from the {Eth} community",
  "{eth} students were turned away from the university {in_place} after the introduction of a new residency rule")
F(E, [9], ["9.1", "9.2"], 7,
  "the {Eth} {in_place} are not allowed to build places of worship, and their ceremonies are regularly broken up by police",
  "officials {country_in} have removed the {Eth} from the list of recognised communities, depriving them of seats in parliament",
  "a decree bans the use of the {Eth} language in schools and courts {in_place}")
F(E, [9], ["9.4", "9.5"], 8,
  "markets {in_place} are now divided between {eth} and {eth2} traders, who no longer buy from each other",
  "a fight between {eth} and {eth2} youths at a wedding {in_place} has turned into a feud that has lasted weeks",
  "society {country_in} has split along ethnic lines since the election, and mixed neighbourhoods are emptying")
F(E, [12], ["12.1", "12.8"], 7,
  "an audio recording shows a senior commander instructing his officers to leave no {eth} village standing {in_place}",
  "the minister signed the order to clear the {eth} districts of {town}, according to documents seen by investigators",
  "the operation {in_place} was approved at the highest level of the army, a defector told the UN inquiry")
F(E, [12], ["12.2", "12.5"], 7,
  "militia units were brought into {region} on government buses in the days before the attacks on {eth} villages",
  "the authorities stockpiled fuel and hired hundreds of trucks before the forced removal of the {Eth} from {region}",
  "army trucks delivered rifles to the militia {in_place} the night before the raids, witnesses said")
F(E, [12], ["12.3", "12.6"], 7,
  "police {in_place} have drawn up lists of {eth} men of fighting age, and those named are being detained one by one",
  "at checkpoints {in_place}, soldiers separate {eth} travellers from the others and take them away for questioning",
  "{eth} households {in_place} must report to the police station every week, a rule that applies to no one else")

# ---------------------------------------------------------------- battles with combatant casualties: RF1, not RF11/RF13
F(E, [1], ["1.1"], 8,
  "{n} soldiers and several fighters of {grp} were killed in a gun battle {in_place} {when}",
  "security forces killed {n} suspected members of {grp} in an exchange of fire {in_place}",
  "{grp} ambushed an army patrol {in_place}, killing {n} soldiers before withdrawing",
  "police said {n} militants died when they attacked a police station {in_place} and officers returned fire")
F(E, [1], ["1.1", "1.11"], 7,
  "armed youths from two rival clans fought for hours over a grazing area {in_place}, and {n} of the fighters were killed",
  "the militia overran an army outpost {in_place}, and both sides reported losses",
  "police reservists fought off raiders who tried to steal cattle {in_place}, killing {n} of them")
F(E, [1], ["1.10"], 7,
  "riot police fired tear gas and water cannon to disperse thousands of demonstrators {in_place}, and several people were hurt in the crush",
  "officers used batons to break up a march against fuel prices {in_place}, and dozens of protesters were arrested",
  "students protesting {in_place} against the closure of their university were dispersed by police with tear gas")

# ---------------------------------------------------------------- ajouts : RF3, RF4, RF6, RF9, RF12, combats
F(R, [3], ["3.3", "3.10"], 6,
  "les juges {in_place} reçoivent des consignes du gouverneur pour les affaires politiques, selon des avocats",
  "l'État est absent {in_place} : ni police, ni tribunal, ni administration n'y fonctionnent depuis deux ans")
F(R, [4], ["4.2", "4.6"], 6,
  "les commandants de {grp} s'enrichissent grâce aux barrages routiers qu'ils tiennent {in_place}",
  "l'armée accuse les villageois {in_place} de cacher des combattants de {grp} dans leurs maisons")
F(R, [6], ["6.2", "6.4"], 6,
  "aucun journaliste étranger n'a pu se rendre {in_place} depuis le début des combats",
  "le rapporteur spécial de l'ONU s'est vu refuser l'entrée au territoire, et la mission de paix doit partir d'ici la fin de l'année")
F(R, [9], ["9.1"], 6,
  "les agriculteurs {eth} {in_place} ont reçu l'ordre de remettre leurs titres fonciers, contrairement à leurs voisins",
  "les étudiants {eth} ont été refoulés de l'université {in_place} après l'adoption d'une nouvelle règle de résidence")
F(R, [12], ["12.3", "12.6"], 6,
  "la police {in_place} a dressé des listes d'hommes {eth} en âge de combattre, qui sont arrêtés un par un",
  "aux barrages {in_place}, les militaires séparent les voyageurs {eth} des autres et les emmènent pour interrogatoire")
F(R, [1], ["1.1"], 6,
  "{n} soldats et plusieurs combattants de {grp} ont été tués lors d'un échange de tirs {in_place}",
  "les forces de sécurité ont neutralisé {n} assaillants qui attaquaient une position de l'armée {in_place}")
