"""golive's capacity simulation of a distribution network (SimPy), validated against textbook theory.

    from simulation.config import load_config
    from simulation.model import simulate

    result = simulate(load_config("simulation/examples/regional_distributor.yaml"), seed=1)
    result.kpis["order_fill_rate"]

Layers, lowest first: distributions, kpis (no SimPy), config, streams, theory, demand, inventory,
replenishment, vendor, labour, warehouse, model (the pure core), warmup, cluster, experiment, targets,
compare, sweep, report, sweep_cli, cli.
"""
