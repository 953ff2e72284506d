"""Original demo content for ``seed_demo``: invented, written for this project."""

CATEGORIES = [
    # (slug, name, parent slug, show on home, description)
    ("region", "Region", None, True, "Afghanistan and its neighbours: borders, trade and diplomacy."),
    ("afghanistan", "Afghanistan", "region", False, "Reporting from inside the country."),
    ("pakistan", "Pakistan", "region", False, "The eastern neighbour and the long border."),
    ("iran", "Iran", "region", False, "The western neighbour: water, trade and returnees."),
    ("central-asia", "Central Asia", "region", False, "Uzbekistan, Tajikistan, Turkmenistan and the north."),
    ("analysis", "Analysis", None, True, "Longer pieces that explain what the news means."),
    ("politics", "Politics", None, True, "Power, institutions and the people who hold them."),
    ("government", "Government", "politics", False, "Ministries, decrees and how the state works."),
    ("security", "Security", None, True, "Conflict, policing and the safety of ordinary people."),
    ("military", "Military", "security", False, "Armed forces, weapons and the wars around them."),
    ("society", "Society", None, True, "Education, health, women's lives and culture."),
    ("economy", "Economy", None, False, "Trade, prices, aid and work."),
]

AUTHORS = [
    # (slug, name, job title, bio, username or None)
    (
        "mariam-sadat",
        "Mariam Sadat",
        "Senior analyst",
        "Mariam Sadat covers governance and the economy. She has reported from Kabul, "
        "Herat and Mazar-e Sharif for more than a decade.",
        "journalist",
    ),
    (
        "javed-noori",
        "Javed Noori",
        "Security correspondent",
        "Javed Noori writes about armed groups, the border regions and regional security.",
        None,
    ),
    (
        "laila-hakimi",
        "Laila Hakimi",
        "Society editor",
        "Laila Hakimi reports on education, health and the lives of women and girls.",
        "editor",
    ),
    (
        "tom-brennan",
        "Tom Brennan",
        "Contributing writer",
        "Tom Brennan is a researcher on Central Asian trade routes and water policy.",
        None,
    ),
    (
        "farid-ahmadzai",
        "Farid Ahmadzai",
        "Reporter",
        "Farid Ahmadzai reports on Pakistan, migration and the people who cross the border.",
        None,
    ),
]

SOURCE_LINE = "Kabul Analysis Desk"

# The showcase article: eight categories, two authors, a source line, tags and
# a correction; the replies seeded on it are threaded.
SHOWCASE = {
    "slug": "a-cabinet-reshuffle-and-the-limits-of-central-power",
    "title": "A cabinet reshuffle and the limits of central power",
    "dek": "New ministers, old networks: what the latest round of appointments says "
    "about who governs the provinces, and who keeps the guns.",
    "categories": [
        "afghanistan",
        "analysis",
        "government",
        "military",
        "politics",
        "region",
        "security",
        "society",
    ],
    "primary": "analysis",
    "authors": ["mariam-sadat", "javed-noori"],
    "tags": ["cabinet", "provinces", "governance", "security forces"],
    "correction": "An earlier version of this article gave the wrong province for the "
    "former deputy minister of defence. He served in Kunduz, not Baghlan.",
    "body": [
        ("h2", "Names on a list"),
        (
            "p",
            "The announcement came late on a Thursday, read out in a flat voice on state "
            "television: four ministers moved, two removed, three new deputy ministers named. "
            "By the next morning the list was being annotated in every tea house in Kabul, each "
            "name followed by a province, a tribe and a commander who could vouch for it.",
        ),
        (
            "p",
            "Reshuffles are routine in any government. What makes this one worth reading "
            "closely is who was moved where. Three of the new appointees have spent the last "
            "two years as provincial governors, and each of them built a reputation for "
            "collecting revenue that the capital could not reach before.",
        ),
        ("h2", "Revenue before loyalty"),
        (
            "p",
            "The pattern suggests a quiet bargain. Provincial strongmen who remit customs "
            "and mining income to the centre are being rewarded with national posts, while "
            "those who kept the money close have been left where they are, or recalled. It "
            "is a rough instrument, but it is an instrument.",
        ),
        (
            "blockquote",
            "“The ministries are a ledger,” a former official told us. “You can read "
            "the budget by reading who sits where.”",
        ),
        (
            "p",
            "The security appointments tell a different story. The defence portfolio changed "
            "hands between two men from the same network, and the deputies below them were "
            "left untouched. Whatever the centre is buying with civilian posts, it is not yet "
            "buying control of the men with weapons.",
        ),
        ("h2", "What to watch"),
        (
            "ul",
            [
                "Whether the new finance team publishes the quarterly revenue figures it promised.",
                "Whether governors in the north are replaced before the spring trading season.",
                "Whether neighbouring capitals receive the new ministers, or wait.",
            ],
        ),
        (
            "p",
            "None of this amounts to reform. It does amount to a government learning which "
            "of its levers are attached to anything.",
        ),
    ],
}

ARTICLES = [
    {
        "slug": "wheat-prices-climb-as-northern-border-crossings-slow",
        "title": "Wheat prices climb as northern border crossings slow",
        "dek": "Bakers in Mazar-e Sharif say flour has risen by a fifth in a month.",
        "categories": ["economy", "central-asia", "afghanistan", "region"],
        "primary": "economy",
        "authors": ["tom-brennan"],
        "tags": ["wheat", "trade", "prices"],
        "body": [
            "Lorries carrying flour from Uzbekistan waited up to six days at the Hairatan "
            "crossing last week, traders said, as new inspection rules on both sides of the "
            "Amu Darya took effect.",
            "In Mazar-e Sharif the price of a 50-kilogram sack rose from 2,300 to 2,750 "
            "afghanis. Bakers have kept the price of a loaf steady by making it smaller.",
            "Officials in the provincial chamber of commerce said talks were under way to "
            "reopen a second lane for food shipments before the end of the month.",
        ],
    },
    {
        "slug": "girls-learn-in-living-rooms-as-secondary-schools-stay-shut",
        "title": "Girls learn in living rooms as secondary schools stay shut",
        "dek": "Home classes have spread across Herat, run by teachers who lost their jobs.",
        "categories": ["society", "afghanistan"],
        "primary": "society",
        "authors": ["laila-hakimi"],
        "tags": ["education", "women", "herat"],
        "body": [
            "In a rented room above a tailor's shop, eleven girls share four textbooks and "
            "one whiteboard. Their teacher taught chemistry at a state school until the "
            "classes for older girls were closed.",
            "Nobody keeps count of how many such classes exist. Teachers we spoke to estimate "
            "that several hundred meet in Herat city alone, most of them in homes.",
            "The girls study for exams they may never be allowed to sit. “We study so that "
            "we are ready,” said one of them, who is sixteen. “When the door opens we will "
            "not be behind.”",
        ],
    },
    {
        "slug": "border-clashes-test-a-fragile-understanding-with-islamabad",
        "title": "Border clashes test a fragile understanding with Islamabad",
        "dek": "Two nights of shelling near Torkham closed the crossing and stranded hundreds of lorries.",
        "categories": ["security", "pakistan", "region", "military"],
        "primary": "security",
        "authors": ["javed-noori", "farid-ahmadzai"],
        "tags": ["torkham", "border", "pakistan"],
        "body": [
            "The crossing at Torkham was closed for a third day on Monday after exchanges of "
            "fire between border forces over the construction of a new checkpost.",
            "Drivers waiting on the Afghan side said they had been told to expect a reopening "
            "within days, but several had already sold perishable loads at a loss.",
            "Both sides have described the incident as a local misunderstanding. Similar "
            "clashes in the past two years have each ended with a quiet agreement between "
            "commanders and no change to the disputed line.",
        ],
    },
    {
        "slug": "returnees-from-iran-face-a-winter-without-work",
        "title": "Returnees from Iran face a winter without work",
        "dek": "Aid groups in Islam Qala say arrivals doubled in October.",
        "categories": ["society", "iran", "region"],
        "primary": "society",
        "authors": ["farid-ahmadzai"],
        "tags": ["migration", "returnees", "winter"],
        "body": [
            "At the Islam Qala crossing, families arrive with what they could carry: "
            "blankets, a gas cylinder, sometimes a motorbike. Many had lived in Iran for "
            "more than ten years.",
            "Aid groups registering the arrivals say the number doubled in October compared "
            "with the month before, and that most returnees have no home to go back to.",
            "Cash assistance covers a few weeks of rent. After that, men look for day labour "
            "in Herat, where the daily wage has fallen as the number of workers has grown.",
        ],
    },
    {
        "slug": "the-water-of-the-amu-darya-and-a-canal-that-worries-the-north",
        "title": "The water of the Amu Darya, and a canal that worries the north",
        "dek": "Engineers say the Qosh Tepa canal could change the river downstream; neighbours are watching.",
        "categories": ["analysis", "central-asia", "region", "economy"],
        "primary": "analysis",
        "authors": ["tom-brennan"],
        "tags": ["water", "qosh tepa", "amu darya"],
        "body": [
            "The canal runs west across the plains of Balkh and Jowzjan, a ditch wide enough "
            "to be seen from a passing aircraft. When finished, it could draw a significant "
            "share of the river's flow.",
            "For farmers in the north it promises irrigation for land that has been dry for "
            "a generation. For Uzbekistan and Turkmenistan downstream it raises questions that "
            "no existing treaty answers, because Afghanistan signed none of them.",
            "So far the neighbours have chosen talks over protest. The next test comes in "
            "spring, when the snowmelt decides how much water there is to argue about.",
        ],
    },
    {
        "slug": "a-new-decree-on-media-licences-and-what-it-means-for-local-radio",
        "title": "A new decree on media licences, and what it means for local radio",
        "dek": "Stations must renew their licences each year and submit programme schedules in advance.",
        "categories": ["politics", "government", "afghanistan", "society"],
        "primary": "politics",
        "authors": ["mariam-sadat"],
        "tags": ["media", "radio", "decrees"],
        "body": [
            "Provincial radio stations, often the only source of news for rural listeners, "
            "will need to renew their licences every year under a decree published this week.",
            "Station managers we contacted said the renewal itself was not the problem. The "
            "requirement to submit programme schedules a month ahead, they said, would make "
            "news programmes nearly impossible to run.",
            "The ministry said the rules would bring order to a sector in which many stations "
            "operated without paperwork.",
        ],
    },
    {
        "slug": "clinics-in-badakhshan-ration-medicine-as-funding-falls",
        "title": "Clinics in Badakhshan ration medicine as funding falls",
        "dek": "Health workers say the shortfall is worst for mothers and newborns.",
        "categories": ["society", "afghanistan"],
        "primary": "society",
        "authors": ["laila-hakimi"],
        "tags": ["health", "aid", "badakhshan"],
        "body": [
            "In a district clinic four hours' drive from Faizabad, the pharmacy shelf holds "
            "antibiotics for two more weeks. After that, the nurse in charge said, she will "
            "have to choose who gets them.",
            "Donor funding for the province's health network fell by nearly a third this "
            "year. Three clinics have already closed; the others have cut staff.",
            "Midwives are the last to go, the provincial health office said, because the cost "
            "of losing them is counted in lives.",
        ],
    },
    {
        "slug": "why-the-lithium-deals-keep-stalling",
        "title": "Why the lithium deals keep stalling",
        "dek": "Announcements are easy; roads, power and contracts that survive a change of minister are not.",
        "categories": ["analysis", "economy", "afghanistan"],
        "primary": "analysis",
        "authors": ["mariam-sadat", "tom-brennan"],
        "tags": ["mining", "lithium", "investment"],
        "body": [
            "Every few months a foreign delegation signs a memorandum on lithium, and every "
            "few months the memorandum turns out to be the whole of the deal.",
            "The deposits are real. What is missing is everything around them: roads that "
            "can carry ore, electricity to process it, and a contract regime that outlasts "
            "the official who signed it.",
            "Until those exist, the most reliable product of the lithium industry will be press releases.",
        ],
    },
    {
        "slug": "a-quiet-rise-in-checkpoints-on-the-kabul-jalalabad-road",
        "title": "A quiet rise in checkpoints on the Kabul–Jalalabad road",
        "dek": "Drivers count eleven stops where there were six a year ago.",
        "categories": ["security", "afghanistan"],
        "primary": "security",
        "authors": ["javed-noori"],
        "tags": ["checkpoints", "roads", "nangarhar"],
        "body": [
            "The road from Kabul to Jalalabad has always had checkpoints. What has changed, "
            "drivers say, is their number and who runs them.",
            "Some are manned by provincial police, others by units whose insignia drivers do "
            "not recognise. Most ask only for papers; a few ask for money.",
            "Provincial officials said the additional posts were a response to a series of "
            "robberies last summer and would be reviewed in the new year.",
        ],
    },
    {
        "slug": "tajik-and-afghan-traders-reopen-a-mountain-market",
        "title": "Tajik and Afghan traders reopen a mountain market",
        "dek": "The cross-border bazaar at Ishkashim returns after four years.",
        "categories": ["central-asia", "region", "economy"],
        "primary": "central-asia",
        "authors": ["tom-brennan"],
        "tags": ["trade", "tajikistan", "ishkashim"],
        "body": [
            "On a bridge over the Panj river, traders from both banks met on Saturday for the "
            "first time since the market was closed four years ago.",
            "Tajik traders brought flour, cooking oil and cement; Afghan traders brought "
            "dried fruit, carpets and livestock. By noon most stalls had sold out.",
            "Local officials on both sides said the market would open every Saturday until "
            "the snow closes the mountain roads.",
        ],
    },
    {
        "slug": "what-the-new-provincial-budget-rules-change",
        "title": "What the new provincial budget rules change",
        "dek": "Governors lose the right to spend local revenue before it reaches Kabul.",
        "categories": ["government", "politics", "economy"],
        "primary": "government",
        "authors": ["mariam-sadat"],
        "tags": ["budget", "provinces", "governance"],
        "body": [
            "Under the new rules every afghani collected in a province must first be "
            "deposited in the central treasury before any of it can be spent locally.",
            "The change closes a gap that governors have used for years to pay their own "
            "staff and militias without approval from the capital.",
            "Whether the rule holds depends on enforcement. The finance ministry has promised "
            "monthly reports by province; the first is due in January.",
        ],
    },
    {
        "slug": "a-generation-of-afghan-cricketers-and-the-crowds-at-home",
        "title": "A generation of Afghan cricketers, and the crowds at home",
        "dek": "In Kabul's parks, the national team's wins are replayed ball by ball.",
        "categories": ["society", "afghanistan"],
        "primary": "society",
        "authors": ["farid-ahmadzai"],
        "tags": ["cricket", "sport"],
        "body": [
            "On a Friday afternoon in a Kabul park, a dozen games of cricket overlap on one "
            "patch of dust, each with its own rules about which tree counts as a boundary.",
            "The national team's rise has made cricket the country's most watched sport. "
            "Players who grew up in refugee camps in Pakistan are now household names.",
            "“When they win, the whole street comes out,” said a shopkeeper who keeps a "
            "television on his counter for match days.",
        ],
    },
    {
        "slug": "در-بازار-کابل-قیمت-آرد-بالا-رفت",
        "title": "در بازار کابل قیمت آرد بالا رفت",
        "dek": "نانوایان کابل می‌گویند قیمت یک بوری آرد در یک ماه یک‌پنجم بیشتر شده است.",
        "language": "fa",
        "categories": ["economy", "afghanistan"],
        "primary": "economy",
        "authors": ["mariam-sadat"],
        "tags": ["آرد", "بازار"],
        "body": [
            "نانوایان در چند ناحیهٔ کابل می‌گویند که قیمت آرد در یک ماه گذشته به شکل چشمگیری "
            "بالا رفته و آنان مجبور شده‌اند نان را کوچک‌تر بپزند.",
            "تاجران دلیل این افزایش را کندی رفت‌وآمد موترهای باری در گذرگاه‌های شمالی می‌دانند.",
            "اتاق تجارت می‌گوید گفت‌وگوها برای باز شدن یک مسیر ویژهٔ مواد غذایی ادامه دارد.",
        ],
    },
]

DRAFT = {
    "slug": "draft-notes-on-the-spring-planting-season",
    "title": "Notes on the spring planting season (draft)",
    "dek": "Seed prices, credit and the weather: what farmers in Kunduz expect.",
    "categories": ["economy", "afghanistan"],
    "primary": "economy",
    "authors": ["mariam-sadat"],
    "tags": ["agriculture"],
    "body": ["Reporting in progress. Interviews with seed sellers in Kunduz are still to come."],
}

SCHEDULED = {
    "slug": "what-the-snow-says-about-next-years-harvest",
    "title": "What the snow says about next year's harvest",
    "dek": "Snowpack in the Hindu Kush is the country's real reservoir.",
    "categories": ["analysis", "economy", "afghanistan"],
    "primary": "analysis",
    "authors": ["tom-brennan"],
    "tags": ["water", "agriculture"],
    "body": [
        "Most of the water that irrigates Afghan fields in summer falls as snow in winter. "
        "Measuring the snowpack tells farmers, months ahead, what kind of year to expect.",
        "This year's early readings are below the ten-year average in the north-east.",
    ],
}

# Names of the categories in Dari and Pashto: (name, description) per language.
CATEGORY_TRANSLATIONS = {
    "region": {
        "fa": ("منطقه", "افغانستان و همسایگانش: مرزها، تجارت و دیپلوماسی."),
        "ps": ("سیمه", "افغانستان او ګاونډیان یې: پولې، سوداګري او ډیپلوماسي."),
    },
    "afghanistan": {
        "fa": ("افغانستان", "گزارش از داخل کشور."),
        "ps": ("افغانستان", "د هېواد له دننه راپورونه."),
    },
    "pakistan": {
        "fa": ("پاکستان", "همسایهٔ شرقی و مرز طولانی."),
        "ps": ("پاکستان", "ختیځ ګاونډی او اوږده پوله."),
    },
    "iran": {
        "fa": ("ایران", "همسایهٔ غربی: آب، تجارت و عودت‌کنندگان."),
        "ps": ("ایران", "لوېدیځ ګاونډی: اوبه، سوداګري او راستنېدونکي."),
    },
    "central-asia": {
        "fa": ("آسیای میانه", "ازبکستان، تاجیکستان، ترکمنستان و شمال."),
        "ps": ("منځنۍ آسیا", "ازبکستان، تاجکستان، ترکمنستان او شمال."),
    },
    "analysis": {
        "fa": ("تحلیل", "نوشته‌های بلندتری که معنای خبرها را توضیح می‌دهند."),
        "ps": ("شننه", "اوږدې لیکنې چې د خبرونو مانا روښانه کوي."),
    },
    "politics": {
        "fa": ("سیاست", "قدرت، نهادها و کسانی که آن را در دست دارند."),
        "ps": ("سیاست", "واک، بنسټونه او هغه کسان چې واک یې په لاس کې دی."),
    },
    "government": {
        "fa": ("حکومت", "وزارت‌ها، فرمان‌ها و کارکرد دولت."),
        "ps": ("حکومت", "وزارتونه، فرمانونه او د دولت کار."),
    },
    "security": {
        "fa": ("امنیت", "جنگ، پولیس و امنیت مردم عادی."),
        "ps": ("امنیت", "جګړه، پولیس او د عامو خلکو خوندیتوب."),
    },
    "military": {
        "fa": ("نظامی", "نیروهای مسلح، سلاح و جنگ‌های پیرامون."),
        "ps": ("پوځي", "وسله وال ځواکونه، وسلې او شاوخوا جګړې."),
    },
    "society": {
        "fa": ("جامعه", "آموزش، صحت، زندگی زنان و فرهنگ."),
        "ps": ("ټولنه", "زده کړه، روغتیا، د ښځو ژوند او کلتور."),
    },
    "economy": {
        "fa": ("اقتصاد", "تجارت، قیمت‌ها، کمک‌ها و کار."),
        "ps": ("اقتصاد", "سوداګري، بیې، مرستې او کار."),
    },
}

# The site's name and tagline per language (Masthead).
MASTHEAD = {
    "en": ("Kabul Analysis Desk", "Reporting and analysis on Afghanistan and its region"),
    "fa": ("میز تحلیل کابل", "گزارش و تحلیل دربارهٔ افغانستان و منطقه"),
    "ps": ("د کابل د شننې مېز", "د افغانستان او سیمې په اړه راپورونه او شننې"),
}

# Alt text (with the title), caption and credit of the generated pictures, per language.
DEMO_PICTURE = {
    "en": (
        "Illustration: hills under an evening sky, for “{title}”",
        "An illustration generated for the demo newsroom.",
        "Newsroom demo",
    ),
    "fa": (
        "تصویر: تپه‌ها زیر آسمان شامگاه، برای «{title}»",
        "تصویری که برای اتاق خبر نمایشی ساخته شده است.",
        "اتاق خبر نمایشی",
    ),
    "ps": (
        "انځور: د ماښام تر اسمان لاندې غونډۍ، د «{title}» لپاره",
        "یو انځور چې د نندارې خبرخونې لپاره جوړ شوی.",
        "د نندارې خبرخونه",
    ),
}

# The showcase in Dari and in Pashto, linked to it as its translations.
SHOWCASE_TRANSLATIONS = [
    {
        "slug": "ترمیم-کابینه-و-محدودیت-های-قدرت-مرکزی",
        "language": "fa",
        "title": "ترمیم کابینه و محدودیت‌های قدرت مرکزی",
        "dek": "وزیران تازه، شبکه‌های کهنه: آخرین دور انتصاب‌ها چه می‌گوید دربارهٔ اینکه چه کسی "
        "ولایات را اداره می‌کند و چه کسی سلاح را در دست دارد.",
        "tags": ["کابینه", "ولایات", "حکومتداری", "نیروهای امنیتی"],
        "correction": "در نسخهٔ پیشین این مقاله، ولایت محل خدمت معین پیشین وزارت دفاع نادرست ذکر شده "
        "بود. او در کندز خدمت کرده است، نه در بغلان.",
        "body": [
            ("h2", "نام‌هایی در یک فهرست"),
            (
                "p",
                "اعلامیه دیروقت یک پنجشنبه شب با صدایی بی‌روح از تلویزیون دولتی خوانده شد: چهار "
                "وزیر جابه‌جا شدند، دو تن برکنار شدند و سه معین تازه معرفی شدند. تا صبح روز بعد، "
                "در هر سماوار کابل این فهرست را حاشیه‌نویسی می‌کردند و کنار هر نام، یک ولایت، "
                "یک قوم و فرماندهی را می‌نوشتند که ضامن او بود.",
            ),
            (
                "p",
                "ترمیم کابینه در هر حکومتی امری عادی است. آنچه این یکی را شایستهٔ خواندن دقیق "
                "می‌کند این است که چه کسی به کجا رفته است. سه تن از منصوبان تازه دو سال گذشته "
                "والی بوده‌اند و هر کدام به جمع‌آوری عوایدی شهرت یافته‌اند که پیش‌تر دست پایتخت "
                "به آن نمی‌رسید.",
            ),
            ("h2", "عواید پیش از وفاداری"),
            (
                "p",
                "این الگو از یک معاملهٔ بی‌صدا خبر می‌دهد. زورمندان ولایتی که عواید گمرک و معادن "
                "را به مرکز می‌فرستند با مقام‌های ملی پاداش می‌گیرند و آنانی که پول را نزد خود "
                "نگه داشتند در جای خود مانده‌اند یا فراخوانده شده‌اند. ابزاری زمخت است، اما به "
                "هر حال ابزار است.",
            ),
            (
                "blockquote",
                "یک مقام پیشین به ما گفت: «وزارت‌خانه‌ها دفتر حساب‌اند. بودجه را می‌شود با دیدن "
                "اینکه چه کسی کجا نشسته است خواند.»",
            ),
            (
                "p",
                "انتصاب‌های امنیتی داستان دیگری می‌گویند. وزارت دفاع میان دو مرد از یک شبکه "
                "دست‌به‌دست شد و معینان زیر دست آنان دست‌نخورده ماندند. مرکز با مقام‌های ملکی هر "
                "چه را بخرد، هنوز کنترول مردان مسلح را نخریده است.",
            ),
            ("h2", "آنچه باید زیر نظر داشت"),
            (
                "ul",
                [
                    "اینکه آیا تیم تازهٔ مالی ارقام فصلی عواید را، چنان‌که وعده داده بود، نشر می‌کند.",
                    "اینکه آیا والیان شمال پیش از فصل تجارت بهاری تبدیل می‌شوند.",
                    "اینکه آیا پایتخت‌های همسایه وزیران تازه را می‌پذیرند یا منتظر می‌مانند.",
                ],
            ),
            (
                "p",
                "هیچ‌یک از این‌ها اصلاحات نیست. اما نشان می‌دهد حکومتی در حال آموختن است که کدام "
                "اهرم‌هایش به چیزی وصل‌اند.",
            ),
        ],
    },
    {
        "slug": "د-کابینې-بدلون-او-د-مرکزي-واک-پولې",
        "language": "ps",
        "title": "د کابینې بدلون او د مرکزي واک پولې",
        "dek": "نوي وزیران، زړې شبکې: د ګمارنو وروستی پړاو موږ ته څه وايي چې ولایتونه څوک اداره "
        "کوي او وسلې د چا په لاس کې دي.",
        "tags": ["کابینه", "ولایتونه", "حکومتولي", "امنیتي ځواکونه"],
        "correction": "د دې لیکنې په پخواني نسخه کې د دفاع وزارت د پخواني مرستیال ولایت ناسم ښودل شوی "
        "و. هغه په کندز کې دنده ترسره کړې، نه په بغلان کې.",
        "body": [
            ("h2", "په یوه لېست کې نومونه"),
            (
                "p",
                "اعلامیه د پنجشنبې په ناوخته شپه د دولتي تلویزیون له لارې په وچ غږ ولوستل شوه: "
                "څلور وزیران بدل شول، دوه لرې شول او درې نوي مرستیالان وټاکل شول. د بلې ورځې تر "
                "سهاره د کابل په هره چایخانه کې پر دې لېست خبرې کېدې او د هر نوم تر څنګ یو ولایت، "
                "یوه قبیله او هغه قوماندان لیکل کېده چې ضمانت یې کاوه.",
            ),
            (
                "p",
                "د کابینې بدلون په هر حکومت کې عادي خبره ده. هغه څه چې دا بدلون د دقیق لوستلو وړ "
                "ګرځوي دا دي چې څوک چېرته لېږدول شوی. په نویو ګمارل شویو کې درې تنه تېر دوه کاله "
                "والیان وو او هر یو یې د داسې عوایدو په راټولولو مشهور شوی چې پخوا مرکز ورته لاس "
                "نه رسېده.",
            ),
            ("h2", "عواید تر وفادارۍ مخکې"),
            (
                "p",
                "دا بېلګه د یوې چوپې معاملې خبر ورکوي. هغه ولایتي زورواکي چې د ګمرک او کانونو "
                "عواید مرکز ته لېږي، په ملي څوکیو نازول کېږي، او هغوی چې پیسې یې له ځانه سره "
                "ساتلې، په خپل ځای پاتې شوي یا بېرته راغوښتل شوي دي. دا زیږه وسیله ده، خو بیا هم "
                "وسیله ده.",
            ),
            (
                "blockquote",
                "یوه پخواني چارواکي موږ ته وویل: «وزارتونه د حساب کتاب دفتر دی. که وګورې څوک چېرته "
                "ناست دی، بودیجه لوستلای شې.»",
            ),
            (
                "p",
                "امنیتي ګمارنې بله کیسه کوي. د دفاع وزارت د یوې شبکې د دوو سړیو ترمنځ لاس په لاس "
                "شو او د هغوی لاندې مرستیالان بدل نه شول. مرکز چې په ملکي څوکیو هر څه اخلي، تر "
                "اوسه یې پر وسله والو سړیو واک نه دی ترلاسه کړی.",
            ),
            ("h2", "څه ته باید پام وشي"),
            (
                "ul",
                [
                    "ایا د مالیې نوی ټیم به، لکه څنګه یې چې ژمنه کړې، د عوایدو درې میاشتنۍ شمېرې خپرې کړي.",
                    "ایا د شمال والیان به د پسرلي د سوداګرۍ تر موسم مخکې بدل شي.",
                    "ایا ګاونډۍ پلازمېنې به نوي وزیران ومني، که به انتظار وباسي.",
                ],
            ),
            (
                "p",
                "له دې هیڅ یو هم اصلاحات نه دي. خو دا ښيي چې حکومت زده کوي د واک کومې وسیلې یې په "
                "رښتیا اغېز لري.",
            ),
        ],
    },
]
