"""Word lists the engine reads questions with: stop words, cue words, synonyms, other places.

These are facts about how people ask, not about the report; the report's own vocabulary lives
in the knowledge base (each fact's and section's keywords).
"""

from __future__ import annotations

from bot.knowledge.printed import NUMBER_WORDS as PRINTED_NUMBERS

# Words that carry no topic. Question words, auxiliaries, pronouns, filler and politeness.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can could did do does doing done down during each
    else ever few for from further get gets got had has have having he her here hers him his
    how i if in into is it its itself just let lets me might mine more most much my no
    nor not now of off on once one only or other our ours out over own per please same shall
    she should so some such than that the their theirs them then there these they this those
    through to too under until up upon us very was we were what whats when where which while
    who whom whose why will with would you your yours yourself anything something tell know
    want wanted like wondering wonder curious interested find look looking looked give show
    say says said see hi hello hey dear ok okay yes yeah well really actually
    maybe perhaps kind sort thing things stuff many number figure figures amount quantity
    total level rate how's what's is there was there many times lot lots bit exactly roughly
    approximately around nearly almost currently still already yet either neither whether
    regarding concerning mention mentioned mentions state states stated statistic statistics
    data info information detail details report reports reported document speech government
    jiaxing city municipal official officials according accordingly wrt re pls plz bot
    year years annual annually happening news update updates latest anything nutshell gist
    briefly brief overall generally general short picture compare compared comparing comparison
    versus vs think thinks heard hear hearing switching switched authorities
    """.split()
)

# Everyday verbs, adjectives and adverbs: they may be topic words, but seldom the point of a
# question ("how much money will be *put* into..."), so they count for less.
LIGHT_WORDS = frozenset(
    """
    put puts putting turn turned turning try tried trying make makes making made take takes
    taken took go goes going gone went need needs needed use uses used using bring brought come
    came coming set run running keep kept see seen look find found help helps helped give given
    gave getting big bigger biggest large larger largest huge little good better best bad worse
    great quick quickly fast faster soon long longer short real really ordinary normal general
    whole things thing stuff way ways kind lot lots money pay paid spend spent spending
    happen happened able possible new newly own today now currently face facing push pushing
    pushed work working worked deal dealing handle handling done doing get gets getting
    anyone anybody someone people person thing actually finally really busy true
    """.split()
)

# Words that say what kind of answer is wanted, not what it is about (read by flags instead).
QUESTION_WORDS = frozenset(
    "overview summary summarise summarize highlights list share shares proportion portion "
    "percentage fraction ratio broadly generally overall".split()
)

# Words that say the asker wants the 2018 result or the 2019 target.
RESULT_WORDS = frozenset(
    "2018 last achieved achieve achievement achievements accomplished did was were had "
    "reached result results actual previous past former done "
    "completed managed got happened currently current nowadays presently".split()
)
TARGET_WORDS = frozenset(
    "2019 target targets goal goals plan plans planned planning aim aims aimed aiming will "
    "expected expect expects intend intends intended going future forecast projected "
    "projection upcoming coming promise promised pledge pledged objective objectives "
    "should shall strive envisaged".split()
)
RESULT_PHRASES = (
    "last year",
    "in 2018",
    "so far",
    "previous year",
    "past year",
    "year before",
    "at present",
)
TARGET_PHRASES = (
    "this year",
    "in 2019",
    "for 2019",
    "next step",
    "going to",
    "this coming year",
    "from now on",
)
# "how clean is the water now?": the latest figure, unless anything else says a plan
WEAK_RESULT_WORDS = frozenset({"now"})
STRONG_TARGET_WORDS = frozenset("target targets goal goals planned aim will".split())
STRONG_RESULT_WORDS = frozenset("achieved achievements accomplished".split())
# Chinese cue words (matched as substrings).
RESULT_ZH = (
    "去年",
    "2018年",
    "已经",
    "完成了",
    "实现了",
    "取得",
    "成绩",
    "上一年",
    "过去一年",
    "现在",
    "目前",
)
TARGET_ZH = (
    "今年",
    "2019年",
    "目标",
    "计划",
    "打算",
    "将要",
    "预期",
    "力争",
    "要求",
    "任务",
    "明年",
)

# A question about the report's outline rather than one figure.
SECTION_CUES = (  # regular expressions, matched on the lower-cased question
    r"what does (?:the report|it) say about",
    r"what is said about",
    r"tell me (?:more )?about",
    r"overview",
    r"summary",
    r"summari[sz]e",
    r"plans? (?:for|on|about|in)\b",
    r"(?:the|its|their|city's) plans\b(?! to)",
    r"\bplans\s*\??$",
    r"polic(?:y|ies) (?:on|for|about)",
    r"\bpolicies\b",
    r"\bmeasures\b",
    r"\befforts\b",
    r"\bpriorities\b",
    r"\bsection\b",
    r"\bchapter\b",
    r"\bpart\b",
    r"\btask\b",
    r"\bin a nutshell\b",
    r"\bin (?:short|brief|general)\b",
    r"\bbig picture\b",
    r"\boverall\b",
    r"\bgenerally\b",
    r"\bmain (?:focus|points|priorities|things)\b",
    r"\bgist\b",
    r"\bbroadly\b",
    # "what is the city doing about culture?", "what did they do for villages?"
    r"\b(?:do|doing|done|did)\s+(?:about|for|on|in)\b",
    r"\bdo to (?:improve|develop|help|support|protect|promote)\b",
    # "how did reform go last year?", "how was the economy doing?"
    r"\bhow (?:did|was|were|is|are|has|have) (?:the )?[a-z' -]{2,40}?"
    r"\s(?:go|going|gone|doing|do|done|fare|progress)\b",
    r"\b(?:general|overall|big|broad) "
    r"(?:plans?|terms|picture|approach|direction|goals?|strategy)\b",
    r"\bapproach (?:to|on|for)\b",
    # "why push opening up so hard?", "why so much focus on the environment?": a part's lead
    # sentence says why.
    r"^why (?:\w+ ){0,3}(?:push|pushing|focus|focusing|stress|stressing|prioriti[sz]e|"
    r"prioriti[sz]ing|care)\b|\bwhy (?:so much|such) (?:focus|emphasis|attention)\b",
)
# Words of a section cue that say nothing of the topic inside it ("how did reform go").
BROAD_CUE_WORDS = frozenset(
    "go going gone big broad general overall terms picture fare approach".split()
)
SECTION_CUES_ZH = (
    "部分", "方面", "章节", "讲了什么", "说了什么", "有哪些", "介绍", "概述", "任务",
    "这么重视", "要重视", "为什么要搞", "为什么要发展",
    "哪两个", "哪三个", "哪四个", "哪五个", "哪几个",  # "三个必须是哪三个": the part listing them
)  # fmt: skip

# Requests the bot never fulfils, whatever the topic: it quotes, it does not compose.
CREATIVE_WORDS = frozenset(
    "poem poems poetry haiku limerick song lyrics joke jokes story stories essay rap sonnet "
    "riddle translate translation recipe".split()
)
CREATIVE_ZH = ("写诗", "作诗", "写一首", "笑话", "讲个故事", "写一篇", "翻译", "唱")

# Jiaxing's counties and districts: the report gives figures for the whole city, so a figure
# asked for one of them is out of scope unless the passage names it.
COUNTIES = {
    "haining": "海宁",
    "pinghu": "平湖",
    "tongxiang": "桐乡",
    "jiashan": "嘉善",
    "haiyan": "海盐",
    "xiuzhou": "秀洲",
}

# Places that are not Jiaxing or one of its counties: a question about them is out of scope
# unless the fact it matches names the place itself (e.g. water diverted from Hangzhou).
OTHER_PLACES = {
    "hangzhou": "杭州",
    "shanghai": "上海",
    "beijing": "北京",
    "ningbo": "宁波",
    "suzhou": "苏州",
    "huzhou": "湖州",
    "shaoxing": "绍兴",
    "wenzhou": "温州",
    "taizhou": "台州",
    "jinhua": "金华",
    "nanjing": "南京",
    "wuxi": "无锡",
    "shenzhen": "深圳",
    "guangzhou": "广州",
    "chengdu": "成都",
    "wuhan": "武汉",
    "tianjin": "天津",
    "chongqing": "重庆",
    "xian": "西安",
    "hong kong": "香港",
    "taiwan": "台湾",
    "tokyo": "东京",
    "london": "伦敦",
    "new york": "纽约",
    "paris": "巴黎",
    "singapore": "新加坡",
    "america": "美国",
    "usa": "美国",
    "japan": "日本",
    "germany": "德国",
    "france": "法国",
    "korea": "韩国",
    "india": "印度",
    "russia": "俄罗斯",
    "britain": "英国",
    "uk": "英国",
    "jiangsu": "江苏",
    "anhui": "安徽",
    "guangdong": "广东",
    "zhoushan": "舟山",
    "qinghai": "青海",
    "xinjiang": "新疆",
    "tibet": "西藏",
    "sichuan": "四川",
    "australia": "澳大利亚",
    "canada": "加拿大",
    "italy": "意大利",
    "spain": "西班牙",
    "brazil": "巴西",
    "mexico": "墨西哥",
    "vietnam": "越南",
    "thailand": "泰国",
    "malaysia": "马来西亚",
    "indonesia": "印度尼西亚",
    "europe": "欧洲",
    "africa": "非洲",
    "netherlands": "荷兰",
    "switzerland": "瑞士",
    "macau": "澳门",
    "shandong": "山东",
    "fujian": "福建",
    "hubei": "湖北",
    "hunan": "湖南",
    "henan": "河南",
    "hebei": "河北",
    "yunnan": "云南",
    "xiamen": "厦门",
    "hefei": "合肥",
    "changzhou": "常州",
    "nantong": "南通",
    **dict(COUNTIES.items()),
}
NATIONAL_WORDS = frozenset("china china's nationwide".split())
NATIONAL_ZH = ("全国", "中国的", "全中国")
# "What shortcomings does the report admit?": words that ask for the problems it admits, even
# with no topic; and with them, words that only say "a problem" ("what does it admit about
# innovation?", "problems in social governance").
PROBLEM_ADMITTED = frozenset(
    "shortcoming shortcomings weakness weaknesses admit admits admitted acknowledge "
    "acknowledges acknowledged flaws drawbacks shortfall shortfalls".split()
)
PROBLEM_ADMITTED_ZH = (
    "承认",
    "不足",
    "短板",
    "存在哪些问题",
    "存在什么问题",
    "存在的问题",
    "存在问题",
)
PROBLEM_WORDS = PROBLEM_ADMITTED | frozenset(
    "problem problems weak criticise criticize criticises criticizes".split()
)
PROBLEM_ZH = (*PROBLEM_ADMITTED_ZH, "问题", "薄弱", "差距")
# Words that ask for the outline, not a topic of it.
OUTLINE_WORDS = frozenset(
    "section sections part parts chapter chapters structure structured organised organized "
    "outline contents content cover covers topic topics main two".split()
)
OUTLINE_ZH = ("部分", "结构", "目录", "内容", "主要")

# Synonym groups: every word in a group is read as the first one. Multi-word entries are
# phrases. Chinese entries are substrings.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("hitech", "high tech", "hightech", "high technology", "hi tech", "high-tech", "hi-tech"),
    ("scitech", "sci tech", "science and technology", "sci-tech", "s&t"),
    ("rd", "r&d", "r & d", "research and development"),
    ("gdp", "gross domestic product", "economic output"),
    ("job", "jobs", "employment", "employ"),
    (
        "met",
        "hit its",
        "hit their",
        "hit the",
        "meet its",
        "meet their",
        "fulfil its",
        "fulfill its",
        "fulfilled its",
        "fulfilled the",
    ),
    ("attract", "pull in", "draw in", "bring in", "lure"),
    ("kindergarten", "kindergartens", "preschool", "pre-school", "nursery"),
    ("garbage", "rubbish", "trash", "waste"),
    ("yuan", "rmb", "cny", "renminbi"),
    ("usd", "dollar", "dollars", "us$"),
    ("kilometer", "kilometre", "kilometers", "kilometres", "km"),
    ("hectare", "hectares", "ha"),
    ("percent", "percentage", "per cent", "%"),
    ("revenue", "revenues", "receipts"),
    ("growth", "grow", "grows", "grew", "grown", "growing", "expand", "expanded", "expansion"),
    (
        "increase",
        "go up",
        "goes up",
        "went up",
        "gone up",
        "going up",
        "rise",
        "rises",
        "rose",
        "risen",
    ),
    ("house", "housing", "homes", "home", "apartment", "apartments", "dwelling"),
    ("livelihood", "livelihoods", "lives", "daily life", "daily lives", "everyday life"),
    ("shortcoming", "shortcomings", "shortfall", "shortfalls"),
    ("old", "aging", "ageing"),
    ("elderly", "senior", "seniors", "aged", "pensioners"),
    # not "travel": "travel time" is the train to Shanghai
    (
        "tourism",
        "tourist",
        "tourists",
        "visitors",
        "travel agency",
        "travel agencies",
        "sightseeing",
    ),
    ("school", "schools", "schooling"),
    ("hospital", "hospitals", "clinic", "clinics"),
    ("road", "roads", "street", "streets"),
    ("railway", "railways", "rail", "train", "trains"),
    ("air", "smog", "haze"),
    ("village", "villages", "countryside", "rural"),
    ("farmer", "farmers", "peasants", "growers"),
    ("talent", "talents", "talented", "professionals", "experts"),
    ("loan", "loans", "lending", "lend", "lent", "credit"),
    ("bad", "nonperforming", "non-performing", "non performing"),
    ("tax", "taxes", "taxation"),
    ("forest", "forests", "trees", "tree"),
    ("afforest", "afforested", "afforestation", "planted"),
    ("greenway", "greenways", "green road", "green roads"),
    ("investment", "invest", "invested", "investing", "investments"),
    ("foreign", "international", "fdi"),
    ("pollution", "polluted", "polluting", "pollutants", "pollutant"),
    ("sewage", "wastewater", "waste water"),
    ("export", "exports", "exporting", "exporter", "exporters"),
    ("internet", "online", "web"),
    ("patent", "patents"),
    ("culture", "cultural"),
    ("sport", "sports", "sporting", "athletic"),
    ("insurance", "insured", "insure"),
    ("poor", "poorest", "poverty", "low-income", "needy"),
    ("accident", "accidents"),
    ("death", "deaths", "fatalities", "killed", "died"),
    ("robot", "robots", "robotics", "automation"),
    ("listed", "ipo", "ipos", "go public", "going public", "stock market"),
    (
        "reduce",
        "reduced",
        "reduction",
        "cut",
        "cuts",
        "lower",
        "lowered",
        "decrease",
        "decreased",
        "trim",
        "trimmed",
        "trimming",
        "slash",
        "slashed",
    ),
    (
        "sort",
        "sorting",
        "sorted",
        "separation",
        "separate",
        "separating",
        "classification",
        "classify",
        "classified",
    ),
    ("illegal", "unlicensed", "unauthorized", "unauthorised", "unpermitted"),
    ("build", "building", "buildings", "structures", "structure"),
    (
        "demolish",
        "demolished",
        "demolition",
        "torn down",
        "tear down",
        "tore down",
        "knock down",
        "knocked down",
        "pulled down",
    ),
    ("start", "starting", "set up", "setting up", "launch"),
    ("small", "tiny", "little"),
    ("economy", "economic"),
    ("honour", "honor", "honoured", "honored", "award", "awarded", "prize", "title"),
    ("smell", "smells", "stench", "odour", "odor", "stink"),
    ("exhaust", "fume", "fumes"),
    ("income", "incomes", "earnings", "salary", "salaries", "wage", "wages", "pay", "take-home"),
    ("attract", "attracted", "lure", "lured", "draw", "drew", "bring in", "brought in"),
    ("expense", "expenses", "expenditure", "expenditures", "bills", "outlays", "spending"),
    ("park", "parks", "estate", "estates"),
    ("close", "closed", "closing down", "close down", "wind up", "wound up", "shut", "shut down"),
    ("capital", "cash", "funds", "funding"),
    ("traffic jam", "traffic jams", "gridlock", "congestion", "tailbacks"),
    ("action", "campaign", "campaigns", "drive"),
    ("year", "yr", "yrs"),
    (
        "enterprise",
        "company",
        "companies",
        "firm",
        "firms",
        "business",
        "businesses",
        "corporate",
        "factory",
        "factories",
        "plants",
    ),
    ("beautiful", "pretty", "picturesque", "lovely"),
    ("centre", "center", "downtown"),
    ("visit", "visits", "visited", "knock", "door-to-door"),
    ("container", "containers", "teu", "teus"),
    ("dangerous", "hazardous", "toxic"),
)

# Words the stemmer would merge with another topic ("parking" is not "park").
NO_STEM = frozenset({"parking"})

# Section numbers people type: "section VII", "task 3", "part three", "第七部分".
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
# "three", "third": the report's own number words, up to nine.
NUMBER_WORDS = {word: value for word, value in PRINTED_NUMBERS.items() if value < 10}
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Greetings and addressing words stripped from the start of a message.
GREETINGS = (
    "hi",
    "hello",
    "hey",
    "dear",
    "good morning",
    "good afternoon",
    "good evening",
    "bot",
    "reportbot",
    "please",
    "pls",
    "excuse me",
    "你好",
    "您好",
    "请问",
    "请",
    "嗨",
)

# In a follow-up, words that ask about the same figure rather than a new topic.
FOLLOW_UP_NEUTRAL = frozenset(
    "km kilometre kilometres kilometer kilometers hectare hectares yuan dollars percent % "
    "growth grow increase increased rise change changed".split()
)
# A question with one of these and no topic asks for a list (the targets, the achievements).
OVERVIEW_WORDS = frozenset(
    "main key major all list overview summary headline highlights targets goals "
    "achievements results plans broadly generally overall nutshell gist briefly".split()
)
OVERVIEW_ZH = ("主要", "全部", "所有", "哪些", "概况", "总体", "成绩", "目标是什么")

# "Why so much focus on culture?", "为什么这么重视农村": words that say how much, not about what.
WHY_FILLER = frozenset(
    "focus focusing focused emphasis emphasize emphasise push pushing pushed hard much so "
    "important importance priority prioritise prioritize care caring stress matter matters "
    "big deal lower higher low high fast slow more less keen obsessed".split()
)
WHY_FILLER_ZH = ("重视", "关注", "看重", "强调", "在乎", "在意")
