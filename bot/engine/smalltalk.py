"""Messages that are not questions about the report: small talk, and requests for a service.

Small talk gets a short friendly reply and never a figure. A service request (apply, book,
complain, pay, call...) gets the official channel from knowledge/services.yaml. Both are
recognised by how people say them, in English and Chinese, not by the report's words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from bot.engine.chinese import NonAscii
from bot.engine.patterns import Cue

SmallTalk = Literal[
    "greeting", "thanks", "goodbye", "praise", "insult", "bot", "capabilities", "ack", "laugh",
    "apology", "emoji",
]  # fmt: skip

_SMALLTALK: tuple[tuple[SmallTalk, Cue], ...] = tuple(
    (kind, Cue(pattern))  # type: ignore[misc]
    for kind, pattern in (
        ("thanks", r"\b(?:thanks?|thank you|thx|ty|tysm|cheers|much appreciated|appreciate it)\b"
                   r"|谢谢|谢了|多谢|感谢|谢啦|辛苦了|3q"),
        ("goodbye", r"\b(?:bye|goodbye|good ?night|nighty? night|see you|see ya|later|cya|farewell|"
                    r"gtg|gotta go|ttyl|talk (?:to you )?(?:later|soon)|signing off|"
                    r"(?:that'?s|thats) (?:all|it) for (?:now|today))\b"
                    r"|再见|拜拜|晚安|回头见|下次见|先这样|就这样吧"),
        ("insult", r"\b(?:stupid|useless|dumb|idiot|rubbish|garbage bot|sucks?|terrible|awful|"
                   r"worst|hate you|shut up|crap|wtf|annoying|pointless|forget it|"
                   r"(?:keep|kept) (?:saying|giving|repeating) (?:me )?the same|over and over|"
                   r"not (?:helpful|listening)|waste of (?:my )?time)\b"
                   r"|(?:你|真|太|好)垃圾|垃圾(?:机器人|东西)|没用的|真笨|好笨|你笨|太笨|笨死|(?:真|好|太)蠢|傻(?:瓜|子|逼)|废物|真烂|太烂|滚|闭嘴|无语|什么鬼"),
        ("praise", r"\b(?:good bot|great|awesome|cool|nice|brilliant|amazing|helpful|love (?:it|"
                   r"you|this)|"
                   r"well done|good job|perfect|excellent|impressive|10/10|wonderful|fantastic)\b"
                   r"|\bhappy (?:\w+ )?(?:new year|holidays?|anniversary|birthday|national day|"
                   r"spring festival)\b"
                   r"|\bcongrat\w*|\bgo (?:jiaxing|team)\b"
                   r"|真棒|厉害|不错|很好|好用|太好了|牛|赞|给力|有用|聪明|加油|恭喜|新年快乐|节日快乐"
                   r"|^6{3,}$"),  # "666": well done, in Chinese chat
        ("bot", r"\b(?:(?:are|r) (?:you|u) (?:a |an )?(?:bot|robot|human|real|person|ai|machine|"
                r"chatgpt)|"
                r"who (?:made|built|created|are|r) (?:you|u)|what are you|your name|who is this|"
                r"are you alive|is this a bot)\b"
                r"|你是谁|你是机器人|你是人|机器人吗|谁做的你|你是谁做的|谁开发的你|你是谁开发的|你叫什么|真人吗|人工智能吗"
                r"|你是(?:真人|AI|ai|人工智能)|你是不是(?:机器人|真人|AI|ai)|(?:机器人|真人)还是(?:AI|ai|机器人|真人)"),
        ("capabilities", r"\b(?:what can you do|what do you do|how (?:does this|do you) work|"
                         r"what (?:can|should) i ask|how (?:do|can) i use (?:you|this)|"
                         r"what is this bot|what's this bot|help me use|^help$|^help me$|^menu$|"
                         r"what do you know)\b"
                         r"|你能做什么|你会什么|能干嘛|怎么用|能问什么|你有什么用|可以问什么|帮助|功能"),
        ("greeting", r"^(?:hi+|hello+|hey+|hiya|yo|howdy|greetings|good (?:morning|afternoon|"
                     r"evening|day)|"
                     r"what'?s up|sup|how are you|how are u|how r u|how's it going|hola|nihao|"
                     r"ni hao)\b"
                     r"|^(?:你好|您好|嗨|哈喽|哈啰|早上好|下午好|晚上好|早安|在吗|在不在|有人吗)"),
        ("apology", r"\b(?:sorry|my bad|oops|apologies)\b|不好意思|抱歉|对不起"),
        ("laugh", r"\b(?:lol|lmao|haha+|hehe+|rofl|xd)\b|哈哈|呵呵|嘿嘿|233"),
        ("ack", r"^(?:ok(?:ay)?|k|kk|okey|sure|alright|fine|got it|i see|right|yes|yeah|yep|no|"
                r"nope|"
                r"nah|hmm+|um+|uh+|oh|ah|wow|cool|noted|understood|gotcha|\?+|!+|\.+)$"
                r"|^(?:好的?|嗯+|哦+|噢|行|知道了|明白了?|收到|了解|好吧|是的|对|不是|没有|啊)$"
                r"|^(?:test(?:ing)?|测试)(?:[\s,.!]+(?:test(?:ing)?|测试|\d+))*(?:一下)?[\s.!]*$"),
    )
)  # fmt: skip
_ABOUT_BOT = tuple((k, p) for k, p in _SMALLTALK if k in ("bot", "capabilities"))
_QUESTION = Cue(
    r"\?|？|\b(?:how (?:many|much)|what (?:is|are|was|were|did|does|about)|which|when|where|"
    r"whats(?! ?up)|what's(?! ?up)|who (?:is|are|was|were|did|does)|did the|will the|is the|"
    r"are the|tell me about|show me)\b"
    r"|多少|几个|什么时候|哪些|怎么样|如何|是否|有没有|吗$|讲了什么|说了什么|讲什么|是什么|有什么|"
    r"第[一二三四五六七八九\d](?:部分|项|章)",
    re.IGNORECASE,
)
# Words around a greeting that are not a topic: "good morning from Nanhu", "hi everyone".
_AROUND_GREETING = re.compile(
    r"^(?:(?:from|in) [A-Za-z]+|everyone|everybody|all|guys|folks|friends|there|bot|again)\b",
    re.IGNORECASE,
)
_WORDY = re.compile(r"[A-Za-z0-9]")
_HAN = NonAscii(r"[\u4e00-\u9fff]")
_TOPIC_LEFT = re.compile(r"[a-z]{4,}", re.IGNORECASE)
_HAN_TOPIC_LEFT = NonAscii(r"[\u4e00-\u9fff]{2,}")


def _is_emoji(text: str) -> bool:
    """Only pictographs, symbols and punctuation: 👍, 😂😂, ❤️, :)"""
    stripped = text.strip()
    if not stripped or re.fullmatch(r"[:;=8xX][-']?[()DPpOo3/\\|*]+|<3", stripped):
        return bool(stripped)
    return all(
        unicodedata.category(c)[0] in "SPZC" or c in "\ufe0f\u200d" for c in stripped
    ) and any(unicodedata.category(c) == "So" for c in stripped)


SMALL_TALK_CHARS = 120
# Said to the bot or of its reply ("useless bot", "that's rubbish"), not of the city's work
_AT_BOT = Cue(
    r"\b(?:you|u|ur|your|yours|bot|this thing|this app|answers?|reply|replies|response)\b"
    r"|^(?:this|that|it)(?:'s|s| is| was)\b|你|机器人"
)


def small_talk(text: str, has_topic: bool) -> SmallTalk | None:
    """The kind of small talk `text` is, or None when it asks something.

    A message that asks ("?", "how many", "多少") is a question, whatever else it says, unless
    it only asks about the bot ("what can you do?"). "thanks, that 7% was helpful!" is small
    talk: it thanks and asks nothing.
    """
    stripped = text.strip()
    if len(stripped) > SMALL_TALK_CHARS:
        return None  # small talk is short; a long message asks something
    if not (_WORDY.search(stripped) or _HAN.search(stripped)) and _is_emoji(stripped):
        return "emoji"
    lowered = stripped.lower()
    for kind, pattern in _ABOUT_BOT:
        if pattern.found(stripped, lowered):
            return kind  # "are you a bot?", "what can you do?": asked, but about the bot
    if _QUESTION.found(stripped, lowered):
        return None
    found = [kind for kind, pattern in _SMALLTALK if pattern.found(stripped, lowered)]
    if not found:
        return None
    if has_topic and found[0] == "insult" and not _AT_BOT.found(stripped, lowered):
        return None  # "traffic jams are terrible on my commute": a complaint about a topic
    if has_topic and "greeting" in found and len(found) == 1:
        # "hi, new jobs 2019": a greeting before a topic is a question with manners
        rest = _SMALLTALK[6][1].sub("", stripped)
        rest = _AROUND_GREETING.sub("", rest.strip(" ,.!"))
        if _TOPIC_LEFT.search(rest) or _HAN_TOPIC_LEFT.search(rest):
            return None
    return found[0]


# Asking the bot to do something in the world, or for official help, rather than what the
# report says. "Can I use my card in Shanghai?" asks what the report says; "how do I apply for
# the card?" asks for a service.
SERVICE = Cue(
    r"\b(?:how (?:do|can|should|would) (?:i|we|my \w+)|where (?:do|can|should) (?:i|we)|"
    r"can (?:you|u) (?:please )?|could you (?:please )?|i (?:want|need|would like|'d like|"
    r"wanna) to|"
    r"help me|please)\s*(?:to\s+)?(?:apply|book|register|sign up|enrol|enroll|get an? "
    r"(?:appointment|permit|licen[cs]e|id|card|subsidy|refund)|make an? (?:appointment|complaint)|"
    r"complain|report|pay|renew|replace|transfer|file|submit|reserve|schedule|contact|call|"
    r"reach|claim|open an? |lodge)"
    r"|\b(?:book|reserve|schedule) (?:me|us|a|an|my)\b|\b(?:call|email|text|contact) (?:me|them)\b"
    r"|\b(?:hotline|phone number|telephone number|contact number|who (?:do|should) i (?:call|"
    r"contact|complain to)|"
    r"which office|which department|what office)\b"
    r"|\b(?:i want to|i'd like to|i need to) (?:complain|report)\b"
    r"|\b(?:book|register|apply|file|sign|pay|renew|get|find|arrange|submit|make|issue|reserve|"
    r"fix|send|forward|do)\b(?:\s+\S+){0,6}\s+(?:for me|for us|on my behalf)\b|\bthrough you\b"
    r"|^(?:please\s+)?(?:sign|register|book|report|apply|renew|forward|send|issue|reserve|enrol|"
    r"enroll|"
    r"file|lodge|transfer|cancel)\b"
    r"|\b(?:can|could|would|will) (?:you|u) (?:\w+ ){0,2}(?:get|issue|give|find|arrange|forward|"
    r"send|"
    r"sign|register|book|apply|fix|help|process|handle|approve|accept)\b"
    r"|\bhow (?:do|can) i (?:get|obtain|replace|change|cancel|find|report|pay|renew)\b"
    r"|\bwhere (?:can|do|should) i (?:go to )?(?:get|apply|sign up|register|buy|enrol|enroll|"
    r"renew|replace)\b"
    r"|\bi (?:lost|have lost|need|want) (?:my|a|an) (?:\w+ ){0,3}(?:card|licen[cs]e|permit|"
    r"certificate|id|passport)\b"
    r"|\b(?:emergency|ambulance|there'?s a fire|on fire|been robbed|call the police)\b"
    r"|救命|着火了|报警|急救"
    r"|\b(?:complain|complaint) about\b"
    r"|\bmy (?:landlord|neighbou?r|boss|employer)\b.*\b(?:won't|will not|doesn't|does not|"
    r"refuses?|keeps?|"
    r"owes?|noisy|noise|deposit|unpaid|cheated|fired)\b"
    r"|帮我|替我|给我(?:订|约|办|查|申请)|我要(?:上访|信访|投诉|举报|申请|办|预约|挂号|缴)|我想(?:上访|信访|投诉|举报|申请|办理|预约|挂号|缴)|"
    r"怎么\S{0,4}(?:申请|办理|办|预约|挂号|投诉|举报|缴纳|缴|交罚|报名|登记|注册|补办|迁|落户)|"
    r"如何(?:申请|办理|预约|挂号|投诉|举报|缴纳|报名|登记|注册|补办)|"
    r"(?:在哪|去哪|哪里)(?:办|申请|预约|挂号|投诉|交|缴)|(?:电话|热线)是多少|打什么电话|找谁|"
    r"(?:罚单|罚款)\S{0,8}(?:交|缴|付|处理)|(?:交|缴|付)\S{0,4}(?:罚单|罚款)|"
    r"(?:这里|这儿|你这)(?:能|可以)(?:交|缴|办|申请|预约|挂号)|"
    # A complaint made, not how complaints are handled ("信访投诉政府准备怎么处理？" asks policy).
    r"(?<!信访)(?<!上访)(?:投诉|举报)(?!\S{0,8}?政府(?:准备|打算|有什么|会|要|怎么|如何))|"
    r"(?:要|需要)(?:准备)?(?:哪些|什么)材料|办理流程|办事指南|迁户口|户口迁|落户手续"
    r"|\bwhat (?:documents|papers|paperwork) do i need\b"
    r"|\bhow long does it take to get\b(?!.*\bapprov)"  # not the report's approval times
    # One's own account: "top up my card", "my pension hasn't arrived", "查一下我的余额".
    r"|\btop (?:it |me |my \w+ )?up\b|\btop-up\b|\bcheck my (?:\w+ ){0,2}(?:balance|account|"
    r"status|application)\b|\bmy (?:\w+ ){1,3}(?:isn'?t|is not|doesn'?t|does not|won'?t|stopped|"
    r"hasn'?t|has not) (?:working|work|arrived|come|been paid)\b|\bwhere is my\b"
    r"|查一下我的|查查我的|我的\S{0,10}(?:怎么还没|还没到|没到账|到账|余额|欠费|停了|坏了|不能用|用不了)"
    r"|余额|充值|到账",
    re.IGNORECASE,
)


def asks_for_service(text: str) -> bool:
    """Whether the message asks the bot to do something, or for official help."""
    return SERVICE.found(text)
