"""Step definitions: business language in Gherkin, translated into driver calls and read-backs of Odoo."""
