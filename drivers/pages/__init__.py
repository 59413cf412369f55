"""Page objects for Odoo 17's web client: what a person sees and clicks, one module per screen family."""
