"""Offline tests of the step catalogue: readable sentences, every step definition listed with an example."""

from pathlib import Path

from steps.catalogue import feature_sentences, render
from steps.definitions import ROOT, StepDefinition, plugin_modules, step_definitions


def test_regex_patterns_read_as_sentences():
    definition = StepDefinition(
        "when",
        r'the (?P<role>[a-z ]+?) ships (?P<q>[\d.]+) "(?P<p>[^"]+)"(?P<bo> from the backorder)?'
        r"(?: and (?P<decision>keeps a backorder|cancels the rest))?$",
        "steps/x.py",
        1,
        bool,
        is_regex=True,
    )
    assert definition.sentence == 'the {role} ships {q} "{p}"[ from the backorder][ and {decision}]'
    assert definition.parameters["decision"] == ["keeps a backorder", "cancels the rest"]
    assert definition.parameters["role"] == []


def test_parse_patterns_name_their_parameters():
    definition = StepDefinition("given", 'a product "{product}" with {quantity:g} units', "x", 1, bool)
    assert list(definition.parameters) == ["product", "quantity"]
    assert definition.sentence == 'a product "{product}" with {quantity:g} units'


def test_catalogue_lists_every_step_of_every_step_module():
    modules = [m for m in plugin_modules(ROOT / "conftest.py") if m.startswith("steps.")]
    definitions = step_definitions(modules)
    text = render(definitions, feature_sentences(ROOT / "features"))
    assert len(definitions) >= 20
    for definition in definitions:
        assert f" {definition.sentence}\n" in text, definition.sentence
        assert f"`{definition.path}:{definition.line}`" in text


def test_examples_come_from_the_features_with_their_place(tmp_path: Path):
    feature = tmp_path / "a.feature"
    outline = 'Feature: f\n  Scenario Outline: s\n    Given a product "<p>"\n\n'
    feature.write_text(outline + "    Examples:\n      | p |\n      | w |\n")
    (sentence,) = feature_sentences(tmp_path)
    assert sentence[0] == "given" and sentence[1] == 'a product "w"' and sentence[2].endswith("a.feature:3")
