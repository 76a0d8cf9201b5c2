"""The curator's view of the question log: similar questions grouped ("37 people asked about
Jiaxing's population"), votes counted per answer, and the groups asked again of the current
engine to see whether an edit to the knowledge base found them their answer.

Questions are grouped greedily, the most frequent first: each joins the first group it is
similar enough to, else starts one. Similar means, after normalising (lower case, no
punctuation, no placeholders, no filler words):
- the same topic the report does not cover, as the engine named it (a gap such as
  "population"); two different such topics never group;
- otherwise, in English, a token-set ratio of their word stems of at least `EN_THRESHOLD`;
- in Chinese (which has no spaces), a character-level ratio of at least `ZH_THRESHOLD`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from bot.engine.chinese import CJK, to_simplified
from bot.engine.text import content_stems
from bot.questions.log import LoggedQuestion, Vote
from bot.questions.scrub import PLACEHOLDERS

if TYPE_CHECKING:
    from bot.engine import Engine

# Both thresholds were chosen on the development question sets (tests/questions*.yaml and
# tests/dev/chinese_d1.yaml): pairs of questions written for the same fact (either year) against
# pairs written for unrelated facts. At 80, one unrelated English pair in 1,500 groups and a
# third of the same-fact pairs do (those sets vary the wording on purpose; people asking the
# same thing vary it less); at 75, four times as many unrelated pairs group, for a fifth more
# of the same-fact ones. Chinese at 70: one unrelated pair in 1,000, three in five same-fact.
# A group merged wrongly hides a question from the curator; one split in two only repeats it.
EN_THRESHOLD = 80  # rapidfuzz token_set_ratio of the questions' word stems, 0-100
ZH_THRESHOLD = 70  # rapidfuzz ratio of the questions' characters, filler removed, 0-100
EXAMPLES = 3  # example questions shown per group
CANDIDATES = 3  # the engine's most frequent candidates shown per group
GAP_REASON = "not_in_report"  # the decline whose topic (a gap of the report) groups questions

_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
# A name's introduction goes with the name: "my name is <name>" says nothing about the question.
_INTRODUCED = re.compile(
    r"(?i)\b(?:my\s+name\s+is|my\s+name['’]s|i\s+am\s+called|i['’]m\s+called|i\s+am|i['’]m|"
    r"im|call\s+me|name\s*:)\s*<name>|(?:我叫|我的名字是|我的名字叫|我名叫|我名字叫|本人叫|我是|我姓)<name>"
)
# Chinese words that ask rather than say what about: removed before comparing.
_ZH_FILLER = re.compile(
    r"嘉兴市?|请问|想问一下|想问|想知道|问一下|告诉我|一下|有没有|是不是|是否|多少|什么|"
    r"怎么样|怎么|怎样|如何|哪些|哪个|哪|几|啥|[吗呢吧么嘛啊呀的了是有我你们]"
)
_NOT_ZH_WORD = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-z0-9%.]+")
_PUNCTUATION = re.compile(r"[^\w\s%]+")


@dataclass(frozen=True)
class Asked:
    """One example question asked again, and what the engine says now."""

    question: str
    status: str
    reason: str
    answer_id: str | None


@dataclass(frozen=True)
class Group:
    """Questions that ask the same thing, with what the log knows about them."""

    count: int
    examples: tuple[str, ...]  # the most frequent wording first
    languages: dict[str, int]
    interfaces: dict[str, int]
    statuses: dict[str, int]
    reasons: dict[str, int]
    kept: dict[str, int]  # why the rows were kept: unanswered, service, unsure, sample
    topic: str | None  # the gap of the report the engine named, if it did
    candidates: tuple[tuple[str, int], ...]  # the engine's candidates: id, how many rows
    first: datetime
    last: datetime
    now: tuple[Asked, ...] = ()  # filled by `retry`

    @property
    def question(self) -> str:
        return self.examples[0]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "count": self.count,
            "question": self.question,
            "examples": list(self.examples),
            "languages": self.languages,
            "interfaces": self.interfaces,
            "statuses": self.statuses,
            "reasons": self.reasons,
            "kept": self.kept,
            "topic": self.topic,
            "candidates": [{"id": id_, "count": n} for id_, n in self.candidates],
            "first_hour": _iso(self.first),
            "last_hour": _iso(self.last),
        }
        if self.now:
            data["now"] = [
                {"question": a.question, "status": a.status, "reason": a.reason, "id": a.answer_id}
                for a in self.now
            ]
        return data


@dataclass(frozen=True)
class AnswerVotes:
    """The votes on one answer."""

    answer_id: str
    up: int
    down: int
    down_examples: tuple[str, ...]  # questions that got this answer and a 👎


# ---------------------------------------------------------------------- normalising
@dataclass(frozen=True)
class Form:
    """A question's normalised form: what is compared."""

    chinese: bool
    text: str


def normalise(question: str) -> Form:
    """The question as compared: placeholders and punctuation out; English as the word stems
    that carry a topic, Chinese as its characters without the words that only ask."""
    text = _PLACEHOLDER.sub(" ", _INTRODUCED.sub(" ", to_simplified(question))).lower()
    if CJK.search(text):
        return Form(True, _NOT_ZH_WORD.sub("", _ZH_FILLER.sub("", text)))
    stems = " ".join(content_stems(text))
    if stems:
        return Form(False, stems)
    return Form(False, " ".join(_PUNCTUATION.sub(" ", text).split()))  # only filler words


def similarity(a: Form, b: Form) -> float:
    """How alike two normalised questions are, 0-100 (0 across languages)."""
    if a.chinese != b.chinese or not a.text or not b.text:
        return 100.0 if a == b else 0.0
    return float(_scorer(a)(a.text, b.text))


def _scorer(form: Form) -> Callable[..., float]:
    return fuzz.ratio if form.chinese else fuzz.token_set_ratio


def _threshold(form: Form) -> int:
    return ZH_THRESHOLD if form.chinese else EN_THRESHOLD


# ---------------------------------------------------------------------- grouping
@dataclass
class _Cluster:
    leader: Form
    topic: str | None
    rows: list[LoggedQuestion] = field(default_factory=list)


@dataclass
class _Clusters:
    """The clusters made so far, with their leaders by language for fast comparison."""

    all: list[_Cluster] = field(default_factory=list)
    by_topic: dict[str, _Cluster] = field(default_factory=dict)
    leaders: dict[bool, list[str]] = field(default_factory=lambda: {True: [], False: []})
    members: dict[bool, list[_Cluster]] = field(default_factory=lambda: {True: [], False: []})

    def join(self, form: Form, topic: str | None) -> _Cluster | None:
        """The cluster a form belongs to: the one of the same gap, else the one whose leader is
        most alike, enough so (the earlier, larger one on a tie); None for a new one."""
        if topic is not None and topic in self.by_topic:
            return self.by_topic[topic]
        if not form.text:
            return None
        found = process.extract(
            form.text,
            self.leaders[form.chinese],
            scorer=_scorer(form),
            score_cutoff=_threshold(form),
            limit=None,
        )
        for _text, _score, index in sorted(found, key=lambda f: (-f[1], f[2])):
            cluster: _Cluster = self.members[form.chinese][index]
            if topic is None or cluster.topic is None:  # two different gaps: never one
                return cluster
        return None

    def add(self, form: Form, topic: str | None) -> _Cluster:
        cluster = _Cluster(form, topic)
        self.all.append(cluster)
        if form.text:
            self.leaders[form.chinese].append(form.text)
            self.members[form.chinese].append(cluster)
        if topic is not None:
            self.by_topic.setdefault(topic, cluster)
        return cluster

    def name(self, cluster: _Cluster, topic: str | None) -> None:
        """A cluster without a gap takes the gap of a form that joined it."""
        if topic is not None and cluster.topic is None:
            cluster.topic = topic
            self.by_topic.setdefault(topic, cluster)


def _gap(row: LoggedQuestion) -> str | None:
    return row.topic if row.reason == GAP_REASON and row.topic else None


def group_questions(rows: Iterable[LoggedQuestion]) -> list[Group]:
    """The rows grouped by what they ask, the largest group first."""
    forms: dict[Form, list[LoggedQuestion]] = {}
    for row in rows:
        forms.setdefault(normalise(row.question), []).append(row)
    ordered = sorted(forms.items(), key=lambda item: (-len(item[1]), item[0].text))
    clusters = _Clusters()
    for form, members in ordered:
        topic = _most_common(_gap(r) for r in members)
        cluster = clusters.join(form, topic)
        if cluster is None:
            cluster = clusters.add(form, topic)
        else:
            clusters.name(cluster, topic)
        cluster.rows.extend(members)
    groups = [_group(c) for c in clusters.all]
    return sorted(groups, key=lambda g: (-g.count, g.first, g.question))


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _group(cluster: _Cluster) -> Group:
    rows = cluster.rows
    wordings = Counter(r.question for r in rows)
    examples = tuple(w for w, _ in sorted(wordings.items(), key=lambda i: (-i[1], i[0])))
    candidates = Counter(id_ for r in rows for id_, _score in r.candidates)
    hours = [r.hour for r in rows]
    return Group(
        count=len(rows),
        examples=examples[:EXAMPLES],
        languages=_counts(r.language for r in rows),
        interfaces=_counts(r.interface for r in rows),
        statuses=_counts(r.status for r in rows),
        reasons=_counts(r.reason for r in rows),
        kept=_counts(r.kept for r in rows),
        topic=cluster.topic,
        candidates=tuple(sorted(candidates.items(), key=lambda i: (-i[1], i[0]))[:CANDIDATES]),
        first=min(hours),
        last=max(hours),
    )


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda i: (-i[1], i[0])))


def about_fact(rows: Iterable[LoggedQuestion], answer_id: str) -> list[LoggedQuestion]:
    """The rows among whose candidates the engine had this passage."""
    return [r for r in rows if any(id_ == answer_id for id_, _ in r.candidates)]


def vote_counts(votes: Iterable[Vote]) -> list[AnswerVotes]:
    """👍 and 👎 per answer, the most 👎 first."""
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = {}
    for vote in votes:
        (up if vote.vote > 0 else down)[vote.answer_id] += 1
        if vote.vote < 0 and vote.question:
            examples.setdefault(vote.answer_id, Counter())[vote.question] += 1
    found = [
        AnswerVotes(
            id_,
            up[id_],
            down[id_],
            tuple(q for q, _ in examples.get(id_, Counter()).most_common(EXAMPLES)),
        )
        for id_ in set(up) | set(down)
    ]
    return sorted(found, key=lambda v: (-v.down, -v.up, v.answer_id))


# ---------------------------------------------------------------------- asking again
def retry(groups: Sequence[Group], engine: Engine) -> list[Group]:
    """The groups with each example question asked again of `engine` (`Group.now`)."""
    done = []
    for group in groups:
        now = []
        for question in group.examples:
            result = engine.ask(question)
            best = result.best
            now.append(Asked(question, result.status, result.reason, best.id if best else None))
        done.append(replace(group, now=tuple(now)))
    return done


def now_summary(group: Group) -> str:
    """What the engine says now to a group's examples: "answered gdp-growth-2018 (2 of 3)"."""
    outcomes = Counter(
        f"{a.status} {a.answer_id}" if a.answer_id else f"{a.status} ({a.reason})"
        for a in group.now
    )
    total = len(group.now)
    return ", ".join(
        outcome if n == total else f"{outcome} ({n} of {total})"
        for outcome, n in outcomes.most_common()
    )


# ---------------------------------------------------------------------- output
def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:00Z")


def _hour_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:00")


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def render(groups: Sequence[Group], *, total: int | None = None) -> str:
    """The groups as text a person reads, one block each."""
    lines: list[str] = []
    width = len(str(groups[0].count)) if groups else 1
    for number, group in enumerate(groups, start=1):
        lines.append(f"{number:>2}. {group.count:>{width}} × {group.question}")
        indent = " " * (6 + width)
        for other in group.examples[1:]:
            lines.append(f"{indent}also: {other}")
        status = _listing(group.statuses)
        reasons = _listing(group.reasons)
        topic = f"; not in the report: {group.topic}" if group.topic else ""
        lines.append(f"{indent}status: {status} (reason: {reasons}{topic})")
        lines.append(f"{indent}kept as: {_listing(group.kept)}")
        lines.append(
            f"{indent}languages: {_listing(group.languages)}; "
            f"asked in: {_listing(group.interfaces)}"
        )
        candidates = ", ".join(f"{id_} ({n})" for id_, n in group.candidates) or "none"
        lines.append(f"{indent}engine's candidates: {candidates}")
        seen = _hour_text(group.first)
        if group.last != group.first:
            seen += f" to {_hour_text(group.last)}"
        lines.append(f"{indent}seen: {seen} UTC")
        if group.now:
            lines.append(f"{indent}now: {now_summary(group)}")
        lines.append("")
    if total is not None and total > len(groups):
        lines.append(f"({total - len(groups)} smaller group(s) not shown; see --limit.)")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_votes(counts: Sequence[AnswerVotes]) -> str:
    """The votes per answer as text a person reads."""
    if not counts:
        return "No votes on answers yet.\n"
    width = max(len(c.answer_id) for c in counts)
    lines = ["Votes on answers (👍 / 👎):"]
    for c in counts:
        lines.append(f"  {c.answer_id:<{width}}  👍 {c.up:>3}  👎 {c.down:>3}")
        lines.extend(f"  {'':<{width}}    👎 after: {q}" for q in c.down_examples)
    return "\n".join(lines) + "\n"


def to_json(groups: Sequence[Group]) -> str:
    """The groups as a JSON list of objects."""
    return json.dumps([g.to_json() for g in groups], ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "count",
    "question",
    "examples",
    "statuses",
    "reasons",
    "topic",
    "kept",
    "languages",
    "interfaces",
    "candidates",
    "first_hour",
    "last_hour",
    "now",
)


def to_csv(groups: Sequence[Group]) -> str:
    """The groups as CSV, one row each; counts as "name:count" separated by spaces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for g in groups:
        writer.writerow(
            [
                g.count,
                g.question,
                " | ".join(g.examples),
                _pairs(g.statuses),
                _pairs(g.reasons),
                g.topic or "",
                _pairs(g.kept),
                _pairs(g.languages),
                _pairs(g.interfaces),
                " ".join(f"{id_}:{n}" for id_, n in g.candidates),
                _iso(g.first),
                _iso(g.last),
                now_summary(g) if g.now else "",
            ]
        )
    return out.getvalue()


def _pairs(counts: dict[str, int]) -> str:
    return " ".join(f"{k}:{v}" for k, v in counts.items())
