"""Every weight and threshold of the engine, in one place: what `benchmarks.calibrate` searches.

Field weights say how much a match in each part of a record counts; thresholds say how sure
the engine must be before it answers, suggests or declines. The values are the calibrated ones
(see README, "How it answers").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Tuning:
    """The engine's numbers. Field weights are relative to a keyword match (1.0)."""

    # ---- how much a match in each field counts (index)
    keyword: float = 1.0
    topic: float = 1.0
    label: float = 0.8
    quote: float = 0.585
    context: float = 0.245  # a record's section title and keywords
    clause: float = 0.525  # a statement's own words
    sentence: float = 0.345  # the rest of a statement's sentence
    heading: float = 0.6
    summary: float = 0.5
    strong_field: float = 0.7  # matches in fields weighted this much or more are "strong"
    keyword_repeat_bonus: float = 0.05  # a word many keywords share is central to the record
    phrase_part: float = 0.75  # a word that is only part of multi-word keywords, said alone

    # ---- reading the question
    light_weight: float = 0.46  # everyday words ("put", "new", "big") count this much
    light_idf_cap: float = 2.0  # and weigh at most this much rarity
    unknown_idf: float = 3.91  # an unknown word counts this much (idf units) against a match
    context_weight: float = 0.175  # words of the sentences around the question
    zh_partial_max: int = 6  # a Chinese fragment shared by more terms than this says nothing

    # ---- ranking
    phrase_bonus: float = 0.04  # per word of a multi-word keyword found whole (up to 4)
    wrong_year: float = 0.644  # factor for a record of the other year than the one asked
    place_missing: float = 0.6  # factor for a passage that does not name the place asked
    result_prior: float = 0.005  # with no year asked, what was achieved comes first
    same_section: float = 0.02  # a follow-up stays near the previous answer
    headline: float = 0.002
    main_division: float = 0.03  # parts and numbered tasks win ties against sub-sections
    figure_asked: float = 0.1014  # "how many ...": facts first; otherwise statements first
    statement_asked: float = 0.02  # "how will they tackle X?": statements first
    problem_not_asked: float = 0.15  # "what is being done about X?": not the admitted problem X

    # ---- deciding
    min_strong: float = 2.704  # idf units matched in strong fields, to answer
    min_coverage: float = 0.7436  # share of the question's weight matched, to answer
    min_suggest: float = 0.345  # below min_coverage but above this: "did you mean"
    ambiguous_ratio: float = 0.9  # two candidates closer than this are offered as a choice
    ambiguous_below: float = 0.95  # ... unless the first covers the question this well
    gap_bonus: float = 0.1  # a gap named word for word wins unless a fact fits this much better
    broad_spread: int = 4  # a question fitting more facts than this alike is about an area
    section_margin: float = 0.15  # a section beats the best fact by this to answer instead
    section_cue_margin: float = 0.13
    other_year_min_coverage: float = 0.6  # the other year's figure, nearly fitting: declined
    section_min_coverage: float = 0.3  # for /section <name>
    listing_coverage: float = 0.5  # "what else about X?": a passage saying X in its own words
    max_answers: int = 5
    follow_year_margin: float = 0.1  # "and X?" leaves the previous year for one this much better

    def values(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


DEFAULT = Tuning()
