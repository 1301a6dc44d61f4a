"""The English words the extractors read an article by: a few short lists, each for one decision."""
from __future__ import annotations

# Demonyms and adjectives that name a country: "Armenian", "Azeri" put Armenia and Azerbaijan in the
# story's context, and are never places themselves.
DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "angolan": "AO", "argentine": "AR",
    "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT", "azerbaijani": "AZ", "azeri": "AZ",
    "bahraini": "BH", "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE", "bolivian": "BO", "bosnian": "BA",
    "brazilian": "BR", "british": "GB", "bulgarian": "BG", "burmese": "MM", "burundian": "BI", "cambodian": "KH",
    "cameroonian": "CM", "canadian": "CA", "chadian": "TD", "chilean": "CL", "chinese": "CN", "colombian": "CO",
    "congolese": "CD", "croatian": "HR", "cuban": "CU", "cypriot": "CY", "czech": "CZ", "danish": "DK", "dutch": "NL",
    "ecuadorian": "EC", "egyptian": "EG", "emirati": "AE", "eritrean": "ER", "estonian": "EE", "ethiopian": "ET",
    "filipino": "PH", "finnish": "FI", "french": "FR", "georgian": "GE", "german": "DE", "ghanaian": "GH",
    "greek": "GR", "guatemalan": "GT", "haitian": "HT", "honduran": "HN", "hungarian": "HU", "indian": "IN",
    "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE", "israeli": "IL", "italian": "IT",
    "japanese": "JP", "jordanian": "JO", "kazakh": "KZ", "kenyan": "KE", "korean": "KR", "kosovar": "XK",
    "kuwaiti": "KW", "kyrgyz": "KG", "latvian": "LV", "lebanese": "LB", "libyan": "LY", "lithuanian": "LT",
    "malaysian": "MY", "malian": "ML", "mexican": "MX", "moldovan": "MD", "mongolian": "MN", "montenegrin": "ME",
    "moroccan": "MA", "mozambican": "MZ", "nepalese": "NP", "nepali": "NP", "nicaraguan": "NI", "nigerian": "NG",
    "nigerien": "NE", "norwegian": "NO", "omani": "OM", "pakistani": "PK", "palestinian": "PS", "panamanian": "PA",
    "peruvian": "PE", "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO", "russian": "RU",
    "rwandan": "RW", "salvadoran": "SV", "saudi": "SA", "senegalese": "SN", "serbian": "RS", "slovak": "SK",
    "slovenian": "SI", "somali": "SO", "spanish": "ES", "sri lankan": "LK", "sudanese": "SD", "swedish": "SE",
    "swiss": "CH", "syrian": "SY", "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "thai": "TH",
    "tunisian": "TN", "turkish": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "uruguayan": "UY",
    "uzbek": "UZ", "venezuelan": "VE", "vietnamese": "VN", "yemeni": "YE", "zambian": "ZM", "zimbabwean": "ZW",
}

# Adjectives of peoples, faiths and blocs that name no country: never a place ("Turkic", "Soviet").
PEOPLE_ADJECTIVES = {
    "turkic", "slavic", "arab", "arabic", "kurdish", "persian", "baltic", "nordic", "caucasian", "european",
    "asian", "african", "latin", "soviet", "ottoman", "western", "eastern", "christian", "muslim", "jewish",
    "islamic", "orthodox", "catholic", "sunni", "shia", "shiite", "yazidi", "eurasian", "atlantic", "pashtun",
    "tatar", "cossack", "roma", "bedouin", "druze", "alawite", "berber", "tamil", "sikh", "hindu", "buddhist",
}

# A name followed by one of these is a region, an area: never a pin ("Syunik province").
REGION_WORDS = {
    "province", "provinces", "region", "regions", "oblast", "governorate", "district", "districts", "county",
    "prefecture", "territory", "territories", "enclave", "exclave", "canton", "municipality", "rayon",
    "voivodeship", "department", "state", "republic", "autonomous", "emirate", "krai", "okrug", "raion",
    "regency", "regencies",  # Indonesia's kabupaten: "Pidie regency"
}
# "the province of Syunik", "the Azerbaijani-claimed region of Nagorno-Karabakh", "Syunik's governor".
# "Vieques, an island off the east coast": an appositive that makes the name an area, not a town of that name.
ISLAND_WORDS = {"island", "islands", "isle", "archipelago", "atoll", "peninsula"}
AREA_BEFORE = (r"\b(?:province|region|district|enclave|exclave|territory|state|republic|oblast|governorate|county|"
               r"prefecture|canton|department|municipality|rayon|island|isle)s?\s+of")
GOVERNOR_WORDS = {"governor", "governors", "governorship"}

# "the border city of Goris", "the village of Kornidzor", "the regional capital of Stepanakert": a town.
CITY_BEFORE = r"\b(?:city|cities|town|towns|village|villages|hamlet|capital|settlement|port|suburb|neighbou?rhood|municipality of the city)\s+of"
CITY_AFTER = {"city", "town", "village", "hamlet"}
# "Hay River, a town of about 3,500", "Montenegro, a town of coffee farms": an appositive that says the name is
# a settlement, whatever else it may name (a river, a country).
CITY_NOUNS = ("town", "towns", "city", "village", "hamlet", "port", "settlement", "suburb", "township")
# "Chautara, the district headquarters": the seat of an area is a town.
SEAT_WORDS = ("headquarters", "seat", "capital", "centre", "center")
# Divisions a place is said to lie in ("in Darende district"): the first two settle the place to a division of
# the second level (near its seat town), the rest to one of the first level.
DISTRICT_WORDS = ("district", "municipality", "county", "rayon", "raion", "canton", "regency")
PROVINCE_WORDS = ("province", "region", "governorate", "department", "state", "oblast", "prefecture")

# A name followed by one of these is a feature named after a place, not the place ("the Lachin corridor").
FEATURE_WORDS = {
    "corridor", "road", "highway", "motorway", "route", "bridge", "border", "checkpoint", "crossing", "river",
    "airport", "airbase", "valley", "pass", "lake", "dam", "gorge", "mountains", "mountain", "hills", "station",
    "square", "street", "avenue", "camp", "base", "plain", "plateau", "gulf", "bay", "sea", "strait", "canal",
    "front", "line", "basin", "desert", "forest", "park", "stadium", "hospital", "prison", "reservoir", "peninsula",
    "plant", "port", "harbour", "harbor", "refinery", "mine", "factory", "barracks",
}
# Words that may stand between a name and its feature word: "the Zaporizhzhia nuclear plant", "the Kakhovka
# hydroelectric dam", "the Lachin humanitarian corridor".
FEATURE_ADJECTIVES = {"nuclear", "power", "hydroelectric", "hydro", "thermal", "coal", "gas", "oil", "water",
                      "humanitarian", "international", "military", "air", "sea", "river", "railway", "rail", "bus",
                      "border", "refugee", "transit", "main", "old", "new", "central", "regional", "district"}

# Of these, the ones that name nature: "the Aras river", "the Zangezur mountains" are not the town named like them.
NATURE_WORDS = {
    "river", "rivers", "lake", "lakes", "sea", "mountains", "mountain", "range", "ranges", "hills", "gulf", "bay",
    "strait", "straits", "valley", "gorge", "basin", "desert", "plateau", "plain", "plains", "peninsula", "glacier",
    "delta", "reservoir", "highlands", "massif", "ridge", "steppe", "marshes", "wetlands", "coast", "ocean",
    "stream", "streams", "creek", "brook", "tributary",  # "the Burano stream burst its banks"
    "volcano", "volcanoes",  # "Taal Volcano"
    "island", "islands", "isle", "atoll", "archipelago",  # "close to Yakushima island": the island, not a town
}
FEATURE_WORDS |= NATURE_WORDS
# Words before the name of a mountain, river, sea or lake: "Lake Sevan", "Mount Ararat", "the Gulf of Aden".
NATURE_BEFORE = {"lake", "loch", "mount", "mt", "mont", "river", "sea", "gulf", "bay", "strait", "straits", "cape",
                 "mountains", "valley", "lac"}
# Verbs a river or a range does, after "the Aras", "the Andes": then the name is the feature's.
NATURE_VERBS = {"flows", "flow", "runs", "run", "rose", "rises", "rise", "burst", "overflowed", "floods", "flood",
                "separates", "separate", "divides", "divide", "forms", "form", "marks", "mark", "lost", "lose", "lies",
                "lie", "stretch", "stretches", "meets", "meet", "froze", "freezes", "swelled", "swells"}
# Names that take "the" and are no river or range: a town ("the Hague"), a seat of power ("the Kremlin").
NAMES_WITH_THE = {"hague", "bronx", "kremlin", "vatican", "pentagon", "elysee", "capitol"}

# Words between a capital and its verb that leave it the subject: "Moscow has long warned", "Ankara on
# Tuesday urged", "Baku, meanwhile, said".
ADVERBS = {
    "also", "again", "now", "then", "reportedly", "long", "repeatedly", "already", "previously", "recently",
    "strongly", "publicly", "quickly", "firmly", "officially", "formally", "still", "swiftly", "immediately",
    "later", "meanwhile", "itself", "herself", "himself", "never", "always", "often", "once", "first", "last",
    "yesterday", "today", "tonight", "earlier", "separately", "too", "however", "instead", "just", "even", "not",
    "has", "have", "had", "is", "was", "will", "would", "could", "may", "might", "must", "should", "been", "be",
    "did", "does", "do", "in", "a", "statement", "on", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "week", "month", "this", "morning", "evening", "night", "late", "early",
}

# World regions a story names as areas; the gazetteer has countries and continents only.
WORLD_REGIONS = {
    "middle east", "caucasus", "south caucasus", "north caucasus", "balkans", "western balkans", "central asia",
    "southeast asia", "south asia", "east asia", "sahel", "horn of africa", "latin america", "scandinavia",
    "eastern europe", "western europe", "central europe", "arctic", "mediterranean", "black sea", "caspian sea",
    "caspian", "persian gulf", "gulf", "sub-saharan africa", "north africa", "west africa", "east africa",
    "southern africa", "central africa", "the west", "west", "eurasia", "transcaucasia", "levant", "maghreb",
    "pacific", "atlantic", "indian ocean", "caribbean", "central america", "south america", "north america",
}

# Nouns for people who speak for a place or a body: "Artsakh officials", "officials in Yerevan".
# "A woman sat by the stream … '"He is 12," she said': a person the article describes but does not name.
PERSON_NOUNS = {
    "woman", "man", "mother", "father", "girl", "boy", "grandmother", "grandfather", "farmer", "fisherman",
    "teacher", "nurse", "doctor", "widow", "widower", "survivor", "volunteer", "driver", "vendor", "shopkeeper",
    "student", "priest", "nun", "pensioner", "soldier", "worker", "rescuer", "mechanic",
}
SPEAKER_NOUNS = {
    "official", "officials", "authorities", "authority", "government", "governments", "sources", "source",
    "spokesman", "spokeswoman", "spokesperson", "ministry", "leaders", "leader", "diplomats", "diplomat",
    "residents", "resident", "police", "military", "army", "forces", "troops", "prosecutors", "analysts",
    "observers", "witnesses", "activists", "journalists", "reporters", "lawmakers", "officers", "officer", "representatives",
    "envoy", "envoys", "administration", "leadership", "regime", "negotiators", "mediators", "agency", "office",
    "parliament", "president", "presidency", "officers", "commanders", "command", "media", "state",
}

# Verbs of saying (a report) and of acting as a government ("Baku launched"): a capital as their
# subject is an actor, not the place of an event.
SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "added", "adds", "stressed", "stresses", "claimed", "claims",
    "stated", "states", "announced", "announces", "asked", "asks", "warned", "warns", "insisted", "insists",
    "denied", "denies", "accused", "accuses", "argued", "argues", "noted", "notes", "explained", "explains",
    "wrote", "writes", "reported", "reports", "confirmed", "confirms", "declared", "declares", "urged", "urges",
    "demanded", "demands", "called", "calls", "estimated", "estimates", "recalled", "recalls", "acknowledged",
    "acknowledges", "admitted", "admits", "suggested", "suggests", "replied", "replies", "responded", "responds",
    "promised", "promises", "pledged", "pledges", "vowed", "vows", "repeated", "repeats", "continued",
    "described", "describes", "alleged", "alleges", "complained", "complains", "believes", "believed", "thinks",
    "insisted", "predicted", "predicts", "cautioned", "cautions", "emphasised", "emphasized", "emphasises",
    "emphasizes", "underlined", "underlines", "maintained", "maintains", "agreed", "agrees", "rejected",
    "rejects", "tweeted", "posted", "shouted", "whispered", "cried", "sobbed", "remembered", "recounted",
    "recounts", "wondered", "asserted", "asserts", "conceded", "concedes", "observed", "observes", "mentioned",
    "expressed", "expresses",
}
ACTION_VERBS = {
    "launched", "launches", "wants", "wanted", "offered", "offers", "sent", "sends", "ordered", "orders",
    "condemned", "condemns", "welcomed", "welcomes", "threatened", "threatens", "refused", "refuses", "signed",
    "signs", "recognised", "recognized", "imposed", "imposes", "blamed", "blames", "backed", "backs", "supports",
    "supported", "seeks", "sought", "opposes", "opposed", "insists", "hopes", "hoped", "plans", "planned",
    "expects", "expected", "views", "viewed", "considers", "considered", "summoned", "retaliated", "responded",
    # what a government does for others: "Madrid flew in 86 rescuers", "Rabat has pledged", "Brasília has sent"
    "flew", "flies", "pledged", "pledges", "promised", "promises", "accepted", "accepts", "dispatched", "dispatches",
    "deployed", "deploys", "airlifted", "airlifts", "donated", "donates", "provided", "provides", "delivered",
    "delivers", "approved", "approves", "allocated", "allocates", "rejected", "rejects", "declared", "declares",
    "vowed", "vows", "agreed", "agrees", "appealed", "appeals", "granted", "grants", "suspended", "suspends",
    "released", "releases",  # "Brasília released emergency funds"
}
# After "has", "is", "will" and their like, the verb that says the subject acts ("Yerevan has asked").
AUXILIARIES = {"has", "have", "had", "is", "was", "will", "would", "could", "may", "might", "must", "should",
               "has also", "also", "again", "quickly", "repeatedly", "reportedly", "later", "then", "now",
               "on monday", "on tuesday", "on wednesday", "on thursday", "on friday", "on saturday", "on sunday"}
# "Baku's military operation": a capital's possession of these is its government's.
# "the government in Kabul", "the new government has a hundred problems in Dhaka": the capital is the seat.
SEAT_OF = {"government", "governments", "ministry", "ministries", "regime", "junta", "administration", "cabinet",
           "parliament", "authorities"}
GOVERNMENT_NOUNS = {
    "government", "military", "operation", "operations", "offensive", "forces", "troops", "army", "position",
    "decision", "policy", "policies", "demands", "demand", "officials", "leadership", "regime", "claims", "claim",
    "response", "ally", "allies", "support", "backing", "plan", "plans", "proposal", "stance", "aggression",
    "campaign", "attack", "attacks", "strikes", "strike", "control", "rule", "authorities", "refusal", "threats",
    "invasion", "war", "blockade", "ultimatum", "promises", "promise", "intentions", "approach", "diplomacy",
    "allegations", "accusations", "actions", "role", "efforts",
}

# Words for a government's people, after a place used as their adjective: "Washington officials".
ADJECTIVE_NOUNS = SPEAKER_NOUNS | GOVERNMENT_NOUNS | {
    "mayor", "governor", "minister", "president", "prime", "foreign", "residents", "officials", "people",
    "refugees", "evacuees", "fighters", "separatists", "authorities", "branch", "bureau", "correspondent",
    "regional", "provincial", "municipal", "council", "administration", "prosecutor", "prosecutors", "police",
}

# Titles before a person's name: "Prime Minister Nikol Pashinyan", "adviser David Babayan".
TITLES = {
    "president", "prime", "minister", "ministers", "secretary", "adviser", "advisor", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "general", "gen", "colonel", "col", "lieutenant", "lt", "commander", "mayor",
    "governor", "chief", "director", "head", "leader", "envoy", "chairman", "chairwoman", "chair", "speaker",
    "senator", "sen", "representative", "rep", "deputy", "acting", "assistant", "foreign", "defence", "defense",
    "interior", "officer", "official", "king", "queen", "prince", "princess", "pope", "father", "sister",
    "brother", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "judge", "justice", "ombudsman", "coordinator",
    "commissioner", "chancellor", "sheikh", "emir", "archbishop", "bishop", "patriarch", "catholicos", "rev",
    "reverend", "captain", "capt", "major", "maj", "sergeant", "sgt", "counterpart", "premier", "vice", "presidential",
    "parliamentary", "ceo", "founder", "activist", "journalist", "correspondent", "resident", "refugee", "farmer",
    "teacher", "doctor", "nurse", "driver", "student", "analyst", "researcher", "expert", "worker", "volunteer",
}

# Names of bodies, not places: a run holding one of these is an organisation ("US Agency for ...").
ORGANISATION_WORDS = {
    "agency", "department", "ministry", "council", "committee", "commission", "office", "union", "bank", "fund",
    "court", "parliament", "assembly", "university", "institute", "organization", "organisation", "association",
    "party", "army", "forces", "force", "corps", "police", "service", "services", "group", "company", "corporation",
    "inc", "ltd", "news", "press", "times", "post", "herald", "journal", "tribune", "radio", "television", "tv",
    "network", "affairs", "security", "red", "cross", "crescent", "nations", "federation", "alliance", "coalition",
    "movement", "front", "foundation", "church", "mission", "embassy", "consulate", "program", "programme",
    "initiative", "project", "watch", "international", "authority", "board", "administration", "development",
    "relief", "rescue", "aid", "health", "state", "guard", "brigade", "battalion", "regiment", "division",
    "media", "agencies", "genocide", "war", "world",
}
NEWS_AGENCIES = {
    "reuters", "ap", "afp", "upi", "dpa", "xinhua", "tass", "ria", "interfax", "anadolu", "bbc", "cnn", "bloomberg",
    "al jazeera", "armenpress", "apa", "trend", "azertac", "efe", "ansa", "kyodo", "yonhap", "npr", "pbs",
    "associated press", "agence france-presse", "agence france presse", "the associated press", "euronews",
}

# Prepositions before a place: an unknown name after one is a place the gazetteer may lack.
LOCATIVE = {"in", "at", "from", "to", "into", "near", "outside", "inside", "toward", "towards", "across", "via",
            "through", "around", "throughout", "within", "onto", "reached", "entered", "reach", "enter", "left",
            "leave", "leaving", "fled", "flee", "fleeing", "evacuated", "arrived", "arrive", "arriving", "visited",
            "visit", "visiting", "beyond", "past", "between"}

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
            "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}

# Words that open a sentence with a capital letter and are not names.
STOPWORDS = set("""
a about above according across after afterwards again against all almost alone along already also although
always am among an and another any anyone anything anyway anywhere are around as at back be became because
become been before being below beside besides between beyond both but by can cannot could despite did do does
doing done down during each either else elsewhere enough even ever every everyone everything everywhere except
few first for former formerly from further had has have he hence her here hers herself him himself his how
however i if in indeed instead into is it its itself just last later latter least less many may me meanwhile
might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none
nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out
over own per perhaps please rather same several she should since so some somehow someone something sometime
sometimes somewhere still such than that the their theirs them themselves then thence there thereafter thereby
therefore these they this those though through throughout thus to together too toward towards under until up
upon us very via was we well were what whatever when whence whenever where whereas wherever whether which while
who whoever whole whom whose why will with within without would yet you your yours yourself yourselves
two three four five six seven eight nine ten eleven twelve twenty fifty
yesterday today tomorrow tonight earlier later meanwhile elsewhere nearly some many several officials people
residents refugees families children women men thousands hundreds dozens many most others both each every
read related see watch photo photos video caption credit image source sources update updated editing reporting
writing additional advertisement subscribe share click follow more also said says asked added told being having
once twice last next new old other another such like unlike despite amid amidst after before during since until
while whereas although though even still yet only just almost nearly around about roughly some
""".split())
