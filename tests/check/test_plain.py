from __future__ import annotations

from collections import Counter

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from plainleaf import i18n
from plainleaf.check.guide import DATA_DIR, guide_for
from plainleaf.check.plain import PLAIN_RULES, check_plain_language
from plainleaf.i18n import missing_translations
from plainleaf.source.parse import parse_handout
from plainleaf.source.prose import words
from tests.helpers import EXAMPLE, MINIMAL_FRONT

HARD_TEXT = ("Comprehensive multidisciplinary management necessitates individualized therapeutic "
             "considerations and continuous pharmacological evaluation. ")
LONG_SENTENCE = ("You can wash your hands with soap and warm water for twenty seconds before you eat "
                 "and after you use the toilet.")  # 23 words
TOO_LONG_SENTENCE = ("You can wash your hands with soap and warm water for twenty seconds before you eat, "
                     "after you use the toilet, after you cough or sneeze, and after you touch a pet.")  # 32 words

# rule: (a body that breaks it, a body that keeps it); each body is one `##` section
SAMPLES: dict[str, tuple[str, str]] = {
    "reading-level": (HARD_TEXT * 10, "Wash your hands. Use soap. Dry them well. " * 10),  # formulas need 100 words
    "reading-level.section": (HARD_TEXT * 10, HARD_TEXT * 3),  # 110 words is enough to judge a section alone
    "sentence.long": (LONG_SENTENCE, "Wash your hands with soap and warm water before you eat."),
    "sentence.too-long": (TOO_LONG_SENTENCE, LONG_SENTENCE),
    "paragraph.long": ("Wash. Rinse well. Dry well. Use a towel. Be kind. Rest now.",
                       "Wash. Rinse well. Dry well. Use a towel. Rest now."),
    "word.hard": ("The tumor may metastasize.", "The tumor may metastasize (spread to other places)."),
    "acronym.undefined": ("Ask about MEN 1 today.",
                          "Multiple endocrine neoplasia type 1 (MEN 1) is rare. MEN 1 runs in families."),
    "capitals": ("Do NOT STOP your medicine.", "Do **not** stop your medicine."),
    "link.vague": ("[Click here](https://example.org/) for the group.",
                   "Join the [NETs support group](https://example.org/)."),
    "link.no-purpose": ("[Click here](https://example.org/).", "[Click here](https://example.org/) for the group."),
    "link.bare-url": ("See <https://example.org/>.", "See the [group's page](https://example.org/)."),
    "alt.file-name": ("![body-outline.svg](images/body-outline.svg)", "![A body outline](images/body-outline.svg)"),
    "alt.opening": ("![Image of a body outline](images/body-outline.svg)",
                    "![A body outline](images/body-outline.svg)"),
    "emphasis.italic": ("Never *stop* your medicine.", "Never **stop** your medicine."),
    "voice.passive": ("Your blood is tested every week.", "We test your blood every week. You may feel tired."),
    "voice.third-person": ("The patient should rest.", "You should rest."),
}


def rules_found(handout_file, body: str, front: str = MINIMAL_FRONT, large_print: bool = True) -> dict[str, list]:
    path = handout_file(front=front, body=f"## Washing\n\n{body}\n")
    found: dict[str, list] = {}
    for finding in check_plain_language(parse_handout(path), large_print).findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


@pytest.mark.parametrize("rule", SAMPLES)
def test_rule_finds_the_failing_sample_and_not_the_passing_one(handout_file, rule):
    failing, passing = SAMPLES[rule]
    found = rules_found(handout_file, failing)
    assert rule in found, found
    assert {f.severity for f in found[rule]} == {PLAIN_RULES[rule].severity}
    assert all(f.hint and f.line for f in found[rule] if rule != "reading-level")
    assert rule not in rules_found(handout_file, passing)


def test_every_rule_has_samples_except_the_language_ones():
    assert set(PLAIN_RULES) - set(SAMPLES) == {"language.no-guide", "language.no-catalogue",
                                               "language.incomplete-catalogue"}


def test_findings_name_the_line(handout_file):
    (finding,) = rules_found(handout_file, f"Short one.\n\n{TOO_LONG_SENTENCE}")["sentence.too-long"]
    assert finding.line == 10 and f"has {len(words(TOO_LONG_SENTENCE))} words: “You can wash" in finding.message
    assert str(finding).startswith(f"{finding.file}:10: warning[sentence.too-long]: this sentence has")


def test_reading_level_target_comes_from_the_front_matter(handout_file):
    grade_12 = "Your doctor will check your medicine regularly. Treatment requires careful attention every day. " * 8
    assert "reading-level" in rules_found(handout_file, grade_12)
    assert "reading-level" not in rules_found(handout_file, grade_12, front=MINIMAL_FRONT + "reading_level: 13\n")


def test_hard_word_in_the_glossary_or_explained_earlier_is_fine(handout_file):
    glossary = MINIMAL_FRONT + "glossary:\n  Metastasis: When cancer spreads.\n"
    assert "word.hard" not in rules_found(handout_file, "Doctors worry about metastasis.", front=glossary)
    explained = "Cancer can metastasize, which means spread. Then it may metastasize again."
    assert "word.hard" not in rules_found(handout_file, explained)
    (finding,) = rules_found(handout_file, "It can metastasize. It may metastasize again.")["word.hard"]
    assert "“spread”" in finding.hint


def test_acronym_in_the_glossary_is_fine(handout_file):
    front = MINIMAL_FRONT + "glossary:\n  DNA: The instructions inside each cell.\n"
    assert "acronym.undefined" not in rules_found(handout_file, "Cells have DNA.", front=front)


def test_italics_are_only_a_finding_in_large_print(handout_file):
    assert "emphasis.italic" not in rules_found(handout_file, SAMPLES["emphasis.italic"][0], large_print=False)


def test_prose_leaves_out_headings_citations_and_web_addresses(handout_file):
    front = MINIMAL_FRONT + "references:\n  - {id: who, title: W, publisher: P}\n"
    body = ("### Comprehensive multidisciplinary pharmacological considerations\n\n"
            "Wash your hands [@who]. Visit www.example.org/an-extraordinarily-complicated-address-indeed today.")
    report = check_plain_language(parse_handout(handout_file(front=front, body=f"## Washing\n\n{body}\n")))
    assert report.handout.words == 5 and report.handout.sentences == 2  # Wash your hands. Visit today.


def test_spanish_handout_uses_the_spanish_formulas(handout_file):
    front = MINIMAL_FRONT + "language: es-MX\n"
    report = check_plain_language(parse_handout(handout_file(front=front, body="## Lavado\n\n¿Qué es? ¡Lávese!\n")))
    assert report.language == "es"
    assert report.handout.scores == ()  # two sentences: too few words for either formula, and it says so
    assert [n.formula for n in report.handout.not_scored] == ["szigriszt_pazos", "fernandez_huerta"]
    assert report.handout.not_scored[0].reason == ("INFLESZ (Szigriszt-Pazos) vale para muestras de 100 palabras o "
                                                   "más; esta tiene 3")
    long = parse_handout(handout_file(front=front, body="## Lavado\n\n" + "¿Qué es? ¡Lávese las manos! " * 30 + "\n"))
    scores = check_plain_language(long).handout.scores
    assert [(s.formula, s.limit) for s in scores] == [("szigriszt_pazos", ("at_least", 55)),
                                                      ("fernandez_huerta", ("at_least", 60))]


def test_language_without_a_guide_or_catalogue_is_reported_not_an_error(handout_file):
    front = MINIMAL_FRONT + "language: fr\n"
    report = check_plain_language(parse_handout(handout_file(front=front, body="## Mains\n\nLavez-vous les mains.\n")))
    assert report.language is None and report.handout.scores == ()  # no formulas for French: nothing measured
    no_guide, no_catalogue = report.findings
    assert (no_guide.rule, no_guide.severity) == ("language.no-guide", "warning")
    assert "no plain-language guide for 'fr': the reading level cannot be measured" in no_guide.message
    assert (no_catalogue.rule, no_catalogue.severity) == ("language.no-catalogue", "warning")
    strings = len(missing_translations("fr"))
    assert f"no message catalogue for 'fr': all {strings} strings it prints itself" in no_catalogue.message
    assert "plainleaf/locale/fr.po" in no_catalogue.hint


def test_incomplete_catalogue_names_what_falls_back_to_english(handout_file, tmp_path, monkeypatch):
    with (i18n.CATALOGUE_DIR / "es.po").open("rb") as handle:
        catalogue = read_po(handle)
    for message in list(catalogue)[1:3]:
        message.string = ""
    with (tmp_path / "nl.po").open("wb") as handle:
        write_po(handle, catalogue)
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        front = MINIMAL_FRONT + "language: nl\n"
        report = check_plain_language(parse_handout(handout_file(front=front, body="## Handen\n\nWas je handen.\n")))
    finally:
        i18n.translations.cache_clear()
    (finding,) = [f for f in report.findings if f.rule.endswith("catalogue")]
    assert finding.rule == "language.incomplete-catalogue" and finding.severity == "warning"
    # the made-up 'nl' catalogue is the Spanish one, so the finding itself comes in Spanish
    assert finding.message.startswith("al catálogo de mensajes 'nl' de plainleaf le faltan 2 de los textos que "
                                      f"imprime, que salen en inglés: {list(catalogue)[1].id!r}")


def test_english_and_spanish_handouts_have_all_they_need(handout_file):
    for language in ("en", "es", "es-MX"):
        path = handout_file(front=MINIMAL_FRONT + f"language: {language}\n")
        assert not [f for f in check_plain_language(parse_handout(path)).findings if f.rule.startswith("language.")]


@pytest.mark.parametrize(("language", "at_least"), [("en", 1500), ("es", 800)])
def test_hard_word_list_is_large_unique_and_has_a_plain_alternative_for_each(language, at_least):
    text = (DATA_DIR / f"hard-words.{language}.yaml").read_text(encoding="utf-8")
    keys = [key.value for key, _ in yaml.compose(text).value]
    assert len(keys) >= at_least
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert all(alternative.strip() for alternative in guide_for(language).hard_words.values())


def test_spanish_hard_words_are_found_unless_explained(handout_file):
    front = MINIMAL_FRONT + "language: es\n"
    found = rules_found(handout_file, "Debe cumplimentar la solicitud. Tiene una enfermedad crónica.", front=front)
    assert [f.message for f in found["word.hard"]] == ["«cumplimentar» es una palabra difícil",
                                                       "«solicitud» es una palabra difícil",
                                                       "«crónica» es una palabra difícil"]
    assert "«llenar»" in found["word.hard"][0].hint
    explained = "Le harán una biopsia (sacar un pedacito del cuerpo). Otros son agresivos, es decir, rápidos."
    assert "word.hard" not in rules_found(handout_file, explained, front=front)


def test_every_guide_loads_and_names_known_formulas():
    for path in DATA_DIR.glob("plain-language.*.yaml"):
        guide = guide_for(path.stem.split(".", 1)[1])
        assert guide is not None and guide.readability


def test_spanish_example_has_no_findings():
    report = check_plain_language(parse_handout(EXAMPLE.with_name("neuroendocrine-tumors-es") / "handout.md"))
    assert report.findings == () and all(s.passed for s in report.handout.scores)


def test_example_handout_passes_at_grade_8_or_below():
    report = check_plain_language(parse_handout(EXAMPLE / "handout.md"))
    assert [f for f in report.findings if f.severity == "error"] == []
    assert all(s.value <= 8 for s in report.handout.scores)


def test_a_link_or_emphasis_finding_names_its_own_line(handout_file):
    body = "Wash your hands\nwith soap and warm water,\nthen read [here](https://example.org/)\nand *dry* them."
    found = rules_found(handout_file, body)
    assert [f.line for f in found["link.vague"]] == [10] and [f.line for f in found["emphasis.italic"]] == [11]


def test_one_cue_word_does_not_explain_every_hard_word_in_its_sentence(handout_file):
    jargon = ("Comprehensive multidisciplinary management, which we offer, necessitates individualized therapeutic "
              "considerations and continuous pharmacological evaluation of hepatic and renal toxicity.")
    assert len(rules_found(handout_file, jargon)["word.hard"]) >= 6


def test_spanish_es_demasiado_is_not_passive_and_advice_is_spanish(handout_file):
    front = MINIMAL_FRONT + "language: es\n"
    found = rules_found(handout_file, "Es demasiado pronto. La herida es limpiada cada día.", front=front)
    (passive,) = found["voice.passive"]
    assert passive.message == "«es limpiada» puede ser voz pasiva" and "su médico le da" in passive.hint


def test_hard_word_forms_are_matched_by_stem():
    from plainleaf.check.plain import hard_word_index

    uses = hard_word_index("en").uses("biopsies metastases calculi opioids diagnosed ambulance timely times")
    assert [(u.text, u.term) for u in uses] == [("biopsies", "biopsy"), ("metastases", "metastasis"),
                                                ("calculi", "calculus"), ("opioids", "opioid"),
                                                ("diagnosed", "diagnose"), ("timely", "timely")]
    assert [u.term for u in hard_word_index("es").uses("crónicas solicitudes pulmones")] == ["crónico", "solicitud"]


@pytest.mark.parametrize(("body", "rules"), [
    ("- [More](https://example.org/)\n- [Read more](https://example.org/b) about the group", ["link.no-purpose",
                                                                                            "link.vague"]),
    ("| Group | Web |\n| --- | --- |\n| NETs group | [here](https://example.org/) |", ["link.vague"]),
    ("| Web |\n| --- |\n| [here](https://example.org/) |", ["link.no-purpose"]),
    ("[](https://example.org/) and words", ["link.no-purpose"]),
    ("[![The group's logo](images/logo.png)](https://example.org/)", []),
    ("[here](https://example.org/) [more](https://example.org/b)", ["link.no-purpose", "link.no-purpose"]),
])
def test_vague_link_text_is_an_error_only_when_nothing_around_it_says_where_it_goes(handout_file, body, rules):
    found = rules_found(handout_file, body)
    assert sorted(f.rule for f in found.get("link.vague", []) + found.get("link.no-purpose", [])) == rules


def test_how_the_prose_reads_is_never_an_error(handout_file):
    """Reading level, sentence length, hard words, voice...: the author weighs them; only what makes the file
    inaccessible blocks a build by default (the alt text and link rules)."""
    blocking = {rule.id for rule in PLAIN_RULES.values() if rule.severity == "error"}
    assert blocking == {"link.no-purpose", "alt.file-name"}
    found = rules_found(handout_file, HARD_TEXT * 10 + TOO_LONG_SENTENCE)
    assert {"reading-level", "sentence.too-long"} <= set(found)
    assert not [f for fs in found.values() for f in fs if f.severity == "error"]
