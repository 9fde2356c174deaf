"""Programme knowledge is data: read from programme.toml, absent without it, never in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ic_assistant.errors import ConfigError
from ic_assistant.programme import Programme, load_programme

REPO = Path(__file__).resolve().parents[2]

PROGRAMME = """
name = "Test Programme"
intro = "About the test programme."
examples = ["What is it?"]
[[entities]]
name = "Northtown"
kind = "city"
aliases = ["North Town"]
[[entities]]
name = "Harbour Trust"
kind = "organisation"
[[periods]]
name = "Stage 1"
start = 2010
end = 2012
aliases = ["first stage", "Stage I"]
"""


def test_entities_and_periods_come_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "programme.toml").write_text(PROGRAMME, encoding="utf-8")
    p = load_programme(tmp_path)
    assert p.name == "Test Programme" and p.examples == ("What is it?",) and p.digest
    assert p.cities == ("Northtown",)
    assert p.entities_in("Officers from North Town and the Harbour Trust met.") == ("Northtown", "Harbour Trust")
    assert p.cities_in("The Harbour Trust met.") == ()
    assert p.periods_in("During the first stage (2010-2012) ...") == frozenset({"Stage 1"})
    assert p.periods_in("in Stage I") == {"Stage 1"}
    assert p.periods_in("stage i of the plan") == frozenset()  # Roman numerals in capitals only


def test_a_question_typed_without_capitals_gets_the_names_as_the_file_writes_them(tmp_path: Path) -> None:
    """Case tells a name from a word: "the rate in north town" is read as the written question is
    only with its name given its capitals; a question with capitals of its own is left as typed."""
    (tmp_path / "programme.toml").write_text(PROGRAMME, encoding="utf-8")
    p = load_programme(tmp_path)
    assert p.recased("what is the jobless rate in north town and at the harbour trust") == (
        "what is the jobless rate in North Town and at the Harbour Trust")
    assert p.recased("What is the rate in north town?") == "What is the rate in North Town?"
    assert p.recased("What is the rate in NORTHTOWN?") == "What is the rate in NORTHTOWN?"
    assert p.recased("what does northtownish mean") == "what does northtownish mean"  # whole words only


def test_a_kinds_other_nouns_come_from_the_file_and_a_count_of_one_is_a_count_of_the_others(
    tmp_path: Path,
) -> None:
    """ "How many councils ...?" in a programme whose councils are its cities is answered by "12
    cities": `kinds` gives a kind's other nouns, and a counted noun's kin are the kind's other nouns."""
    (tmp_path / "programme.toml").write_text(PROGRAMME + '[kinds]\ncity = ["council", "local authority"]\n',
                                             encoding="utf-8")
    p = load_programme(tmp_path)
    assert p.kind_nouns == {"city": ("city", "council", "local authority"), "organisation": ("organisation",)}
    assert p.kin("councils") == ("city", "local authority")
    assert p.kin("new local authorities") == ("city", "council")
    assert p.kin("council officers") == ()  # the counted noun is the officers
    assert p.kin("members") == ()
    assert Programme().kin("councils") == ()


def test_the_programme_files_phases_are_named_as_people_asking_name_them() -> None:
    """Questions call the phases rounds and cohorts ("what did the councils in the first round say
    ...?", "and for the second cohort?"), words the documents never use: read alone, such a question
    named no period, and evidence about the other phase counted as much as about the asked one."""
    programme = load_programme(REPO / "corpus")
    assert programme.periods_in("the first round") == programme.periods_in("phase one") != frozenset()
    assert programme.periods_in("And for the second cohort?") == programme.periods_in("phase two") != frozenset()


def test_a_corpus_without_the_file_gets_an_empty_programme(tmp_path: Path) -> None:
    p = load_programme(tmp_path)
    assert p == Programme() and p.cities == () and p.entities_in("Anything at all") == ()


def test_a_broken_file_says_which_and_how_to_fix(tmp_path: Path) -> None:
    (tmp_path / "programme.toml").write_text("[[entities]\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="programme.toml is not a valid programme file"):
        load_programme(tmp_path)


def test_no_programme_city_or_phase_is_written_into_the_code() -> None:
    programme = load_programme(REPO / "corpus")
    names = [e.name for e in programme.entities] + [a for e in programme.entities for a in e.aliases]
    names += [p.name for p in programme.periods] + [a for p in programme.periods for a in p.aliases if len(a) > 6]
    assert names, "the project corpus should carry its programme file"
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names), re.I)
    offenders = []
    for package in ("ic_assistant", "ingest", "ui"):
        for path in (REPO / package).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not offenders, "programme names belong in corpus/programme.toml:\n" + "\n".join(offenders)
