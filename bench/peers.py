"""Peers for npm run bench:analytics: the same analyses with python-igraph and networkx on the same graph.

Usage: python3 bench/peers.py EDGES.tsv NODES TASKS [PIVOTS [MEASURED]]
EDGES.tsv holds one stored tie per line (source index, target index; directed, parallel ties kept). TASKS is a
comma list of tool:task (igraph:pagerank, igraph:louvain, igraph:betweenness, networkx:pagerank, networkx:louvain,
networkx:betweenness-sample). Prints one JSON object: seconds per tool:task, the graph's load excluded.
PageRank runs on the directed graph, Louvain on the simple undirected graph weighted by tie counts, betweenness on
the simple undirected graph (networkx from MEASURED sampled sources, its time scaled to PIVOTS sources and to all
sources as estimates).
"""
import json
import sys
import time
from collections import Counter


def main():
    path, n, tasks = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
    pivots = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    # Sources networkx actually runs from (its time scaled to `pivots`, and to all sources, as estimates).
    measured = min(int(sys.argv[5]) if len(sys.argv) > 5 else pivots, pivots)
    ties = []
    with open(path) as f:
        for line in f:
            a, b = line.split()
            ties.append((int(a), int(b)))
    pairs = Counter((min(a, b), max(a, b)) for a, b in ties if a != b)
    out = {}

    def timed(name, fn):
        t = time.perf_counter()
        extra = fn()
        out[name] = {"seconds": round(time.perf_counter() - t, 3), **(extra or {})}
        print(f"peers: {name} {out[name]['seconds']:.2f} s", file=sys.stderr, flush=True)

    wanted = set(tasks)
    if any(t.startswith("igraph:") for t in wanted):
        import igraph as ig

        directed = ig.Graph(n=n, edges=ties, directed=True)
        simple = ig.Graph(n=n, edges=list(pairs.keys()), directed=False)
        simple.es["weight"] = list(pairs.values())
        if "igraph:pagerank" in wanted:
            timed("igraph:pagerank", lambda: directed.pagerank(damping=0.85) and None)
        if "igraph:louvain" in wanted:
            timed(
                "igraph:louvain",
                lambda: {"modularity": round(simple.community_multilevel(weights="weight").modularity, 4)},
            )
        if "igraph:betweenness" in wanted:
            timed("igraph:betweenness", lambda: simple.betweenness(directed=False) and None)
    if any(t.startswith("networkx:") for t in wanted):
        import networkx as nx

        directed = nx.MultiDiGraph()
        directed.add_nodes_from(range(n))
        directed.add_edges_from(ties)
        simple = nx.Graph()
        simple.add_nodes_from(range(n))
        simple.add_weighted_edges_from((a, b, w) for (a, b), w in pairs.items())
        if "networkx:pagerank" in wanted:
            timed("networkx:pagerank", lambda: nx.pagerank(directed, alpha=0.85) and None)
        if "networkx:louvain" in wanted:

            def louvain():
                parts = nx.community.louvain_communities(simple, weight="weight", seed=1)
                return {"modularity": round(nx.community.modularity(simple, parts, weight="weight"), 4)}

            timed("networkx:louvain", louvain)
        if "networkx:betweenness-sample" in wanted:
            k = min(measured, n)
            t = time.perf_counter()
            nx.betweenness_centrality(simple, k=k, seed=1)
            seconds = time.perf_counter() - t
            out["networkx:betweenness-sample"] = {
                "seconds": round(seconds * pivots / k, 2),
                "pivots": pivots,
                "estimated": k < pivots,
            }
            out["networkx:betweenness-exact-estimate"] = {"seconds": round(seconds * n / k, 1), "estimated": True}
            print(f"peers: networkx betweenness from {k} sources {seconds:.2f} s", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
