"""Binds every .feature file under features/ to pytest: a business author adds a scenario, no Python needed."""

from pytest_bdd import scenarios

scenarios(".")
