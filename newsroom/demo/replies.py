"""Original demo replies for ``seed_demo``: invented readers, written for this project."""

# key: (name, email, website)
COMMENTERS = {
    "hamid": ("Hamid K.", "hamid.k@readers.example", ""),
    "sara": ("Sara Wardak", "sara.wardak@readers.example", "https://sarawardak.example"),
    "peter": ("Peter Lindqvist", "p.lindqvist@readers.example", ""),
    "zarghuna": ("Zarghuna", "zarghuna@readers.example", ""),
    "obaid": ("Obaidullah Safi", "obaid.safi@readers.example", ""),
    "mina": ("Mina R.", "mina.r@readers.example", "https://minar.example/notes"),
    "farhad": ("فرهاد", "farhad@readers.example", ""),
    "anna": ("Anna Weber", "anna.weber@readers.example", ""),
    "yusuf": ("Yusuf from Herat", "yusuf.herat@readers.example", ""),
    "laila": ("Laila Hakimi", "editor@newsroom.example", ""),
}

# The showcase thread: (key, parent key or None, commenter, minutes after publication, text).
# Three levels deep at most, in posting order.
SHOWCASE_THREAD = [
    (
        "r1",
        None,
        "hamid",
        12,
        "The revenue-for-posts reading is convincing. It also explains why two of the "
        "governors who kept their provinces quiet were passed over: quiet is not the same as solvent.",
    ),
    (
        "r2",
        "r1",
        "sara",
        19,
        "Quiet often means the money stays local and nobody in Kabul asks. I would be "
        "careful reading loyalty into remittances alone, though.",
    ),
    (
        "r3",
        "r2",
        "hamid",
        27,
        "Fair. Remittances are a floor, not a proof. But the correlation across three "
        "appointments is hard to dismiss.",
    ),
    (
        "r4",
        None,
        "peter",
        31,
        "Useful piece. Is there any public source for the customs figures by province? "
        "The article mentions them but I could not find a series anywhere.",
    ),
    (
        "r5",
        "r4",
        "laila",
        44,
        "Thanks, Peter. The ministry published quarterly totals until last spring; we "
        "are asking for the provincial breakdown and will link it when we have it.",
    ),
    ("r6", "r5", "peter", 52, "Much appreciated. Even the quarterly totals would help."),
    (
        "r7",
        None,
        "zarghuna",
        38,
        "Nobody in this reshuffle speaks for the women who ran schools and clinics in "
        "these provinces. New ministers, same absence.",
    ),
    ("r8", "r7", "mina", 46, "Agreed. The deputy minister posts would have been the obvious place to start."),
    ("r9", "r8", "zarghuna", 58, "Exactly, and those are the posts that changed least."),
    (
        "r10",
        "r7",
        "obaid",
        63,
        "I think that is a separate story from the one the article tells, but an "
        "important one. Maybe a follow-up?",
    ),
    (
        "r11",
        None,
        "farhad",
        40,
        "تحلیل دقیقی است. به نظر من ولایت‌های شمال در فصل تجارت بهار تغییر خواهند کرد، "
        "همان‌طور که در بخش آخر مقاله آمده است.",
    ),
    ("r12", "r11", "yusuf", 55, "درست است. در هرات هم مردم منتظر همین تغییرات هستند."),
    ("r13", "r12", "farhad", 71, "امیدوارم گزارش بعدی درباره هرات هم باشد."),
    (
        "r14",
        None,
        "anna",
        49,
        "The line about the ministries being a ledger is going to stay with me. It is "
        "the most precise description of patronage budgeting I have read in a while.",
    ),
    (
        "r15",
        "r14",
        "obaid",
        57,
        "It works both ways: a ledger can be audited, if anyone is allowed to read it.",
    ),
    ("r16", "r15", "anna", 66, "Which is the real question. Who gets to read it?"),
    (
        "r17",
        None,
        "obaid",
        75,
        "The security section undersells it. If the defence deputies stay untouched, "
        "the centre has bought nothing with the weapons.",
    ),
    (
        "r18",
        "r17",
        "hamid",
        81,
        "That is what the article says, though: not yet buying control of the men with weapons.",
    ),
    ("r19", "r18", "obaid", 88, "True, I read it too quickly. Withdrawn."),
    (
        "r20",
        "r17",
        "sara",
        84,
        "The deputies matter more than the minister in practice. They sign the postings.",
    ),
    (
        "r21",
        None,
        "mina",
        92,
        "Small request: a map of which provinces the new appointees came from would make "
        "the pattern visible at a glance.",
    ),
    ("r22", "r21", "laila", 101, "Good idea. Our graphics desk is on it."),
    ("r23", "r22", "mina", 109, "Thank you!"),
    (
        "r24",
        None,
        "yusuf",
        97,
        "In Herat the customs post has changed hands three times in two years. Each "
        "time the new man was closer to Kabul. This article describes what we see.",
    ),
    ("r25", "r24", "peter", 112, "Do you know whether the crossings' revenue went up after each change?"),
    (
        "r26",
        "r25",
        "yusuf",
        121,
        "Traders say the fees went up. Whether the revenue reached Kabul, nobody can tell us.",
    ),
    (
        "r27",
        None,
        "sara",
        118,
        "One more angle: two of the removed ministers were technocrats with donor "
        "ties. Their removal may say as much about outside money as about inside money.",
    ),
    ("r28", "r27", "anna", 126, "That fits what donors have been saying in private for months."),
    ("r29", "r28", "sara", 133, "Then it is worth saying in public."),
    (
        "r30",
        None,
        "zarghuna",
        141,
        "Read this twice. Clear and fair. Thank you for the correction note too; it "
        "is rare to see one so prominently.",
    ),
    ("r31", "r30", "hamid", 148, "Agreed on the correction. It makes the rest more believable."),
    ("r32", None, "farhad", 155, "دا تحلیل ښه دی. د ولایتونو د عوایدو شمېرې باید خپرې شي."),
    ("r33", "r32", "obaid", 162, "هو، بې له شمېرو څخه دا ټول اټکلونه دي."),
]

# Replies elsewhere, one per situation the moderators meet:
# (article slug index in content.ARTICLES, commenter or (name, email, url), minutes after
#  publication, text, status, hold reason, moderator decisions as (to status, minutes later)).
ELSEWHERE = [
    (
        0,
        "hamid",
        30,
        "Bakers in Kabul report the same rise. The price board at our corner changed twice this week.",
        "approved",
        "",
        [],
    ),
    (0, "anna", 45, "Is the rise the same for imported and local flour?", "pending", "first_reply", []),
    (
        0,
        "sara",
        50,
        "Full price tables here: https://prices.example/a https://prices.example/b https://prices.example/c",
        "pending",
        "too_many_links",
        [],
    ),
    (
        1,
        ("Lucky Winner", "promo@winbig.example", "https://casino.example"),
        5,
        "Best casino bonus, click now!",
        "spam",
        "disallowed_word",
        [],
    ),
    (1, ("Quick Poster", "bot7@mailinator.example", ""), 2, "Great post!!!", "spam", "too_fast", []),
    (1, "yusuf", 70, "The election was rigged in our district too.", "pending", "moderation_word", []),
    (
        1,
        "mina",
        35,
        "Thank you for covering the schools in the north.",
        "approved",
        "first_reply",
        [("approved", 40)],
    ),
    (
        2,
        "obaid",
        60,
        "This comment repeated an earlier one by mistake.",
        "trash",
        "first_reply",
        [("trash", 20)],
    ),
    (
        2,
        "peter",
        80,
        "Off-topic advertisement for a travel agency.",
        "spam",
        "first_reply",
        [("approved", 10), ("spam", 90)],
    ),
    (
        3,
        "zarghuna",
        25,
        "Water-sharing along the Amu Darya deserves more reporting like this.",
        "approved",
        "",
        [],
    ),
    (3, "farhad", 40, "آیا داده‌های بیشتری دربارهٔ مصرف آب در دست است؟", "pending", "first_reply", []),
]

# The word lists the demo moderators keep.
TERMS = [
    ("disallowed_word", "casino", "Gambling spam"),
    ("disallowed_word", "کازینو", "Gambling spam (Persian)"),
    ("disallowed_email", "@spam.example", "Known spam domain"),
    ("disallowed_ip", "192.0.2.0/24", "Test network used by a spam run"),
    ("moderation_word", "rigged", "Allegations need a moderator's eye"),
    ("moderation_word", "تقلب", "Allegations of fraud (Persian)"),
]
