"""The peak load test: the simulated peak's order stream replayed against a live Odoo (``python -m simulation
loadtest``): plan.py (what is sent when), engine.py (Locust, in its own process), measure.py (the numbers),
stage.py (which Odoo, and its master data), report.py (JSON and HTML) and cli.py (the command)."""
