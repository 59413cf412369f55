"""Odoo drivers: the RPC client, the version adapter, the wizard loop and the business operations.

Nothing here imports pytest: drivers are the bottom layer, fixtures and steps sit on top of them.
"""
