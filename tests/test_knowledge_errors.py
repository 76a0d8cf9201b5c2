"""Broken knowledge on purpose: each kind of error is refused with the file, entry and problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.knowledge import KnowledgeError
from bot.knowledge.load import load_knowledge

Data = Any


def first_facts_file(root: Path) -> Path:
    return sorted((root / "facts").glob("*.yaml"))[0]


def edit(path: Path, change: Callable[[Data], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return caught.value.problems


def only(found: list[str], *fragments: str) -> str:
    """The one problem containing every fragment (there must be exactly one)."""
    matching = [p for p in found if all(f in p for f in fragments)]
    assert len(matching) == 1, found
    return matching[0]


def test_the_untouched_copy_loads(knowledge_copy: Path) -> None:
    assert load_knowledge(knowledge_copy).facts


def test_yaml_syntax_error_names_the_file_and_line(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  quote: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    found = problems(knowledge_copy)
    message = only(found, f"facts/{path.name}", "YAML syntax error")
    assert "line " in message


def test_a_key_given_twice_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "city: Hangzhou\n", encoding="utf-8")
    only(problems(knowledge_copy), "report.yaml", "duplicate key 'city'")


def test_unknown_field(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    fact_id: list[str] = []

    def change(facts: Data) -> None:
        facts[0]["colour"] = "red"
        fact_id.append(facts[0]["id"])

    edit(path, change)
    only(problems(knowledge_copy), path.name, f"fact '{fact_id[0]}'", "colour: unknown field")


def test_missing_field(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].pop("quote"))
    only(problems(knowledge_copy), path.name, "quote: missing field")


def test_wrong_type_is_not_coerced(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)

    def change(facts: Data) -> None:
        facts[0]["figures"][0]["value"] = str(facts[0]["figures"][0]["value"])

    edit(path, change)
    only(problems(knowledge_copy), path.name, "figures[0].value")


def test_unknown_unit(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0]["figures"][0].update(unit="furlongs"))
    only(problems(knowledge_copy), path.name, "figures[0].unit")


def test_duplicate_fact_id(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[1].update(id=facts[0]["id"]))
    only(problems(knowledge_copy), path.name, "id is used more than once")


def test_fact_in_a_section_that_does_not_exist(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].update(section="task-99"))
    only(problems(knowledge_copy), path.name, "section 'task-99' does not exist")


def test_compare_with_a_fact_that_does_not_exist(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].update(compare_with="no-such-fact", measure="anything"))
    only(problems(knowledge_copy), path.name, "compare_with 'no-such-fact' does not exist")


def test_quote_not_verbatim(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].update(quote=facts[0]["quote"] + " and a cake"))
    only(problems(knowledge_copy), path.name, "quote is not verbatim")


def test_quote_outside_its_section(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].update(section="closing"))
    only(problems(knowledge_copy), path.name, "is not within section 'closing'")


def test_figure_text_not_in_quote(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0]["figures"][0].update(text="999,999"))
    only(problems(knowledge_copy), path.name, "'999,999' is not in the quote")


def test_figure_value_that_differs_from_the_printed_text(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)

    def change(facts: Data) -> None:
        index = next(i for i, f in enumerate(facts) if f["figures"][0]["unit"] == "percent")
        facts[index]["figures"][0]["value"] += 1

    edit(path, change)
    only(problems(knowledge_copy), path.name, "prints", "but value is")


def test_keywords_must_include_chinese(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0].update(keywords=["one", "two", "three"]))
    only(problems(knowledge_copy), path.name, "Simplified Chinese")


def test_section_with_a_missing_parent(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"
    edit(path, lambda sections: sections[3].update(parent="nowhere"))
    only(problems(knowledge_copy), "sections.yaml", "parent 'nowhere' does not exist")


def test_section_running_past_the_report(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"
    edit(path, lambda sections: sections[-1].update(lines=[170, 999]))
    only(problems(knowledge_copy), "sections.yaml", "run past the report")


def test_overlapping_sections(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"

    def change(sections: Data) -> None:
        first, second = [s for s in sections if s.get("parent") == "review"][:2]
        first["lines"] = [first["lines"][0], second["lines"][0]]

    edit(path, change)
    only(problems(knowledge_copy), "sections.yaml", "overlap")


def test_a_paragraph_missing_from_the_outline(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"
    edit(path, lambda sections: sections.pop())
    only(problems(knowledge_copy), "sections.yaml", "line 170 of report.txt is in no section")


def test_metadata_must_match_the_cover(knowledge_copy: Path) -> None:
    edit(knowledge_copy / "report.yaml", lambda meta: meta["speaker"].update(name="Someone Else"))
    only(problems(knowledge_copy), "report.yaml", "speaker.name is not verbatim")


def test_a_facts_file_that_is_not_a_list(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    path.write_text("id: lonely\n", encoding="utf-8")
    only(problems(knowledge_copy), path.name, "must be a YAML list")


def test_missing_report_text(knowledge_copy: Path) -> None:
    (knowledge_copy / "report.txt").unlink()
    only(problems(knowledge_copy), "report.txt", "cannot be read")


def test_check_command_prints_problems_and_fails(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(first_facts_file(knowledge_copy), lambda facts: facts[0].update(section="task-99"))
    monkeypatch.setenv("REPORTBOT_KNOWLEDGE_DIR", str(knowledge_copy))
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "section 'task-99' does not exist" in err
    assert "1 problem(s)" in err
    assert "Traceback" not in err


def test_check_command_summarises_the_landed_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Knowledge base OK" in out
    assert "coverage: 100.0%" in out


def test_a_gap_may_not_claim_a_facts_keyword(knowledge_copy: Path) -> None:
    facts = yaml.safe_load(first_facts_file(knowledge_copy).read_text(encoding="utf-8"))
    taken = facts[0]["keywords"][0]
    edit(knowledge_copy / "gaps.yaml", lambda gaps: gaps[0]["keywords"].append(taken))
    only(problems(knowledge_copy), "gaps.yaml", f"keyword {taken!r} is also a keyword of fact")


def _fact(facts: Data, fact_id: str) -> dict[str, Any]:
    return next(f for f in facts if f["id"] == fact_id)


def facts_file_of(root: Path, fact_id: str) -> Path:
    for path in sorted((root / "facts").glob("*.yaml")):
        if f"id: {fact_id}\n" in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(fact_id)


def test_a_figure_must_say_what_it_measures(knowledge_copy: Path) -> None:
    path = first_facts_file(knowledge_copy)
    edit(path, lambda facts: facts[0]["figures"][0].pop("basis"))
    only(problems(knowledge_copy), path.name, "figures[0].basis: missing field")


def test_a_figure_label_needs_its_chinese_label(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "disposable-income-2018")
    edit(path, lambda facts: _fact(facts, "disposable-income-2018")["figures"][0].pop("label_zh"))
    only(problems(knowledge_copy), path.name, "label and label_zh go together")


def test_compared_facts_must_measure_the_same_thing(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "new-jobs-2018")
    edit(path, lambda facts: _fact(facts, "new-jobs-2018").update(measure="all-jobs"))
    found = problems(knowledge_copy)
    only(found, "fact 'new-jobs-2018'", "measures 'all-jobs' and 'new-jobs' differ")


def test_compared_facts_must_share_a_basis(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "new-jobs-2018")
    edit(path, lambda facts: _fact(facts, "new-jobs-2018")["figures"][0].update(basis="total"))
    only(problems(knowledge_copy), "fact 'new-jobs-2018'", "no figure of the same basis")


def first_statements_file(root: Path) -> Path:
    return sorted((root / "statements").glob("*.yaml"))[0]


def test_a_curated_statement_must_quote_the_report(knowledge_copy: Path) -> None:
    path = first_statements_file(knowledge_copy)
    edit(path, lambda items: items[0].update(quote="a sentence the report never wrote"))
    only(problems(knowledge_copy), path.name, "quote is not verbatim in report.txt")


def test_a_curated_statement_stays_inside_one_sentence(knowledge_copy: Path) -> None:
    path = first_statements_file(knowledge_copy)
    two = "I also wish to have comments on my report"  # runs into the next sentence

    def change(items: Data) -> None:
        items[0].update(
            section="opening",
            quote="ask for your deliberation and approval. " + two,
        )

    edit(path, change)
    only(problems(knowledge_copy), path.name, "more than one sentence")


def test_derived_clause_ids_are_reserved(knowledge_copy: Path) -> None:
    path = first_statements_file(knowledge_copy)
    edit(path, lambda items: items[0].update(id="c18-5"))
    only(problems(knowledge_copy), path.name, "kept for derived clauses")


def test_a_statement_may_not_take_a_facts_id(knowledge_copy: Path) -> None:
    path = first_statements_file(knowledge_copy)
    edit(path, lambda items: items[0].update(id="new-jobs-2018"))
    only(problems(knowledge_copy), path.name, "id is also a fact's id")


def test_glossary_english_must_be_the_reports_words(knowledge_copy: Path) -> None:
    path = knowledge_copy / "glossary.yaml"
    edit(path, lambda terms: terms[0].update(en=["quantum teleportation"]))
    only(problems(knowledge_copy), "glossary.yaml", "'quantum teleportation' is neither")


def test_glossary_chinese_word_in_one_entry_only(knowledge_copy: Path) -> None:
    path = knowledge_copy / "glossary.yaml"
    edit(path, lambda terms: terms[1]["zh"].append(terms[0]["zh"][0]))
    only(problems(knowledge_copy), "glossary.yaml", "is also in term #1")


def test_a_service_may_not_take_a_gaps_keyword(knowledge_copy: Path) -> None:
    gaps = yaml.safe_load((knowledge_copy / "gaps.yaml").read_text(encoding="utf-8"))
    taken = gaps[0]["keywords"][0]
    edit(knowledge_copy / "services.yaml", lambda items: items[1]["keywords"].append(taken))
    only(problems(knowledge_copy), "services.yaml", f"keyword {taken!r} is also gap")


def test_top_level_sections_say_which_year_they_speak_of(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"
    edit(path, lambda sections: sections[0].pop("period"))
    only(problems(knowledge_copy), "sections.yaml", "a top-level section needs a period")


def test_each_role_the_bot_needs_exists_once(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"

    def change(sections: Data) -> None:
        next(s for s in sections if s.get("role") == "targets").pop("role")

    edit(path, change)
    only(problems(knowledge_copy), "sections.yaml", "role 'targets'")


def test_sections_need_a_chinese_summary(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sections.yaml"
    edit(path, lambda sections: sections[2].pop("summary_zh"))
    only(problems(knowledge_copy), "sections.yaml", "summary_zh: missing field")


def _add_keyword(root: Path, fact_id: str, keyword: str) -> None:
    for path in sorted((root / "facts").glob("*.yaml")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
        for fact in facts:
            if fact["id"] == fact_id:
                fact["keywords"].append(keyword)
                path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
                return
    raise AssertionError(fact_id)


def test_keyword_hygiene_finds_a_place_the_passage_never_names(knowledge_copy: Path) -> None:
    """ "water from Hangzhou" on the Grade III water target pulls in what the clause on water
    diverted from Hangzhou says; a place the keyword names that no rival passage is about
    ("Shanghai import expo") is not a finding."""
    from bot.engine import Engine
    from bot.engine.hygiene import findings

    _add_keyword(knowledge_copy, "grade-iii-water-2019", "water diverted from Hangzhou")
    found = [str(f) for f in findings(Engine(load_knowledge(knowledge_copy)))]
    assert any("grade-iii-water-2019" in f and "Hangzhou" in f for f in found), found
    assert not any("Shanghai import expo" in f for f in found), found


def test_other_year_must_be_in_the_other_year(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "disposable-income-2018")
    edit(
        path,
        lambda facts: _fact(facts, "disposable-income-2018").update(other_year="rural-roads-2018"),
    )
    only(problems(knowledge_copy), "other_year 'rural-roads-2018' is a result, not a target")


def test_other_year_statement_must_be_in_the_plans(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "talents-2018")
    # A curated statement of the 2018 review is not the 2019 passage on talents.
    wrong = "red-boat-spirit-in-2018"
    edit(path, lambda facts: _fact(facts, "talents-2018").update(other_year=wrong))
    only(problems(knowledge_copy), "'red-boat-spirit-in-2018' is not in the targets' part")


def test_other_year_and_compare_with_are_not_both_given(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "new-jobs-2018")
    edit(path, lambda facts: _fact(facts, "new-jobs-2018").update(other_year="top-talents-2019"))
    only(problems(knowledge_copy), "compare_with already names the other year")


def test_other_year_that_names_nothing(knowledge_copy: Path) -> None:
    path = facts_file_of(knowledge_copy, "talents-2018")
    edit(path, lambda facts: _fact(facts, "talents-2018").update(other_year="no-such-passage"))
    only(problems(knowledge_copy), "'no-such-passage' is neither a fact nor a statement")
