"""Binds every .feature file under features/ to pytest: authors add scenarios without writing Python."""

from pytest_bdd import scenarios

scenarios(".")
