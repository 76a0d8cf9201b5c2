"""Turning engine results into messages, in the reader's language."""

from __future__ import annotations

from bot.chat import actions
from bot.chat.cards import (
    kind_label,
    passage_buttons,
    passage_card,
    passage_line,
    passage_title,
    quote_intro,
    section_card,
)
from bot.chat.listings import outline
from bot.chat.markup import Button, Line, Message, bold, italic
from bot.engine import Result
from bot.engine.lexicon import COUNTIES, OTHER_PLACES
from bot.engine.result import Passage
from bot.i18n import Catalog
from bot.knowledge import KnowledgeBase
from bot.knowledge.records import Fact


def _place(key: str, cat: Catalog) -> str:
    """A place's name: "Hangzhou" / "杭州"."""
    if cat.zh:
        return "中国" if key == "china" else OTHER_PLACES.get(key, key)
    return key.title()


def smalltalk_message(kind: str, cat: Catalog) -> Message:
    """A short, friendly reply with no figure in it."""
    _ = cat._
    example = _("How many new jobs were created in 2018?")
    lines = {
        "greeting": _("Hello! Ask me anything about Jiaxing's 2019 government work report, "
                      "for example “{example}”").format(example=example),
        "thanks": _("You're welcome! Ask me anything else about the report."),
        "goodbye": _("Goodbye! Come back any time with a question about the report."),
        "praise": _("Thank you, glad it helps! Anything else about the report?"),
        "insult": _("Sorry I couldn't help. I only answer from the report: send /help to see "
                    "what I know, or try asking in other words."),
        "bot": _("I'm a bot that answers from the Jiaxing Municipal Government Work Report "
                 "(2019): every answer is the report's own words, with the section it comes "
                 "from. I don't give opinions or advice."),
        "capabilities": _("I answer questions about Jiaxing's 2019 government work report: its "
                          "figures for 2018 and targets for 2019, and what it says the city did "
                          "and will do. Send /help for the commands."),
        "ack": _("Anything else you'd like to know about the report?"),
        "laugh": _("😄 Anything else about the report?"),
        "apology": _("No problem! What would you like to know about the report?"),
        "emoji": _("🙂 Ask me a question about the report, or send /help."),
    }  # fmt: skip
    return Message().add(lines.get(kind, lines["ack"]))


def service_message(result: Result, cat: Catalog) -> Message:
    """What the bot cannot do, and the official channel that can."""
    _ = cat._
    message = Message()
    message.add(_("I can't do that for you: I only answer questions about the report."))
    service = result.service
    if service is not None:
        channel = service.channel_zh if cat.zh else service.channel
        if channel:
            message.add(channel)
    message.add(_("Ask me what the report says about a topic, or send /help."))
    return message


def _gap_topic(kb: KnowledgeBase, gap_id: str, cat: Catalog) -> str:
    gap = next((g for g in kb.gaps if g.id == gap_id), None)
    if gap is None:
        return gap_id
    return gap.topic_zh if cat.zh else gap.topic


def not_found_message(kb: KnowledgeBase, result: Result, cat: Catalog) -> Message:
    """A plain "the report does not say", with the reason, and what to try instead."""
    _ = cat._
    detail = result.detail or ""
    lines = {
        "empty": _("Please type a question about the report, for example “{example}”").format(
            example=_("How many new jobs were created in 2018?")
        ),
        "creative": _("I only quote the report; I don't write poems, stories or jokes."),
        "opinion": _("I only quote what the report says; I don't give opinions or advice."),
        "other_place": _("The report is about Jiaxing; it gives no figures for {place}.").format(
            place=_place(detail, cat)
        ),
        "other_year": _(
            "The report covers 2018 results and 2019 targets; it has nothing for {year}."
        ).format(year=detail),
        "not_in_report": _("The report doesn't cover that ({topic}).").format(
            topic=_gap_topic(kb, detail, cat)
        ),
        "no_figure": _("The report gives no such figure."),
        "no_comparison": _("The report gives nothing for the other year on that."),
        "no_breakdown": _("The report gives no more detail than that."),
        "no_previous": _(
            "Ask me a question first, then follow it up with “and in 2019?” or “more”."
        ),
        "unknown_topic": _("I couldn't find that in the report."),
    }
    message = Message()
    offer = result.offer
    if result.reason == "other_year_only" and isinstance(offer, Fact):
        other = "2019" if offer.kind == "result" else "2018"
        message.add(
            _("The report gives no {year} figure for that. It has the {kind}:").format(
                year=other, kind=kind_label(offer, cat)
            )
        )
        message.blocks.extend(passage_line(offer, cat).blocks)
        message.row(Button(passage_title(offer, cat, kb=kb), actions.passage(offer.id)))
        return message
    if result.reason == "other_place" and detail in COUNTIES:
        lines["other_place"] = _(
            "The report gives figures for Jiaxing as a whole, not for {place} alone."
        ).format(place=_place(detail, cat))
    message.add(lines.get(result.reason, lines["unknown_topic"]))
    if offer is not None and result.reason in ("no_figure", "no_comparison", "no_breakdown"):
        message.add(_("What it does say:"))
        message.blocks.extend(passage_line(offer, cat).blocks)
        message.row(Button(passage_title(offer, cat, kb=kb), actions.passage(offer.id)))
    if result.reason in ("unknown_topic", "not_in_report", "other_place", "other_year"):
        message.add(
            _("I can answer about Jiaxing's 2018 results and 2019 plans: jobs, the economy, "
              "incomes, housing, transport, schools, health, the environment, culture…")
        )  # fmt: skip
        message.add(_("Try /targets, /results or /sections."))
    return message


def choices_message(kb: KnowledgeBase, result: Result, cat: Catalog) -> Message:
    """ "Did you mean": the close candidates, each a button."""
    _ = cat._
    message = Message()
    message.add(_("I'm not sure which you mean. Did you mean:"))
    passages = [a.passage for a in result.answers[:4]]
    for passage in passages:
        message.blocks.extend(passage_line(passage, cat).blocks)
    message.buttons.extend(passage_buttons(passages, cat, kb))
    return message


def listing_message(kb: KnowledgeBase, result: Result, cat: Catalog) -> Message:
    """Several passages at once ("more"), each a button."""
    _ = cat._
    passages: list[Passage] = [a.passage for a in result.answers]
    message = Message().add(bold(_("More on this")))
    if (intro := quote_intro(cat)) is not None and any(not isinstance(p, Fact) for p in passages):
        message.add(intro)
    for passage in passages:
        message.blocks.extend(passage_line(passage, cat).blocks)
    message.buttons.extend(passage_buttons(passages, cat, kb))
    if result.more:
        message.add(_("Say “more” for the rest."))
    return message


def result_messages(kb: KnowledgeBase, result: Result, cat: Catalog) -> list[Message]:
    """The reply to a message, as the messages to send."""
    if result.status == "smalltalk":
        return [smalltalk_message(result.smalltalk or "ack", cat)]
    if result.status == "service":
        return [service_message(result, cat)]
    if result.status == "not_found":
        return [not_found_message(kb, result, cat)]
    if result.status == "ambiguous":
        return [choices_message(kb, result, cat)]
    if result.outline:
        return [outline(kb, 0, cat)]
    if result.section is not None:
        passages = [a.passage for a in result.answers]
        more = [p for p in (kb.passage(i) for i in result.more) if p is not None]
        intro = None
        if result.detail == "why":
            intro = cat._("Why this matters, in the report's words on that area of work:")
        return [section_card(kb, result.section, [*passages, *more], cat, intro=intro)]
    if result.listing:
        return [listing_message(kb, result, cat)]
    best = result.answers[0].passage
    card = passage_card(kb, best, cat, offer=result.offer, full=result.full)
    if result.full and result.detail == "why":
        said = cat._("The report gives no reason apart from its own words, here with what follows.")
        card.blocks.insert(0, Line.of(italic(said)))
    return [card]
