"""Reads an export with the Python readers researchers use and prints what each saw, as JSON.

usage: readers.py gexf|graphml FILE
gexf: networkx.read_gexf. graphml: networkx.read_graphml and python-igraph's Graph.Read_GraphML.
"""
import json
import sys

import networkx as nx


def summary_nx(g):
    nodes = list(g.nodes(data=True))
    types = {}
    for _, a in nodes:
        for k, v in a.items():
            types.setdefault(k, type(v).__name__)
    positioned = sum(
        1
        for _, a in nodes
        if ("viz" in a and "position" in a["viz"]) or ("x" in a and "y" in a)
    )
    colored = sum(1 for _, a in nodes if "viz" in a and "color" in a["viz"])
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "multigraph": g.is_multigraph(),
        "nodeTypes": types,
        "positioned": positioned,
        "colored": colored,
    }


def main():
    kind, path = sys.argv[1], sys.argv[2]
    out = {"networkx": nx.__version__}
    if kind == "gexf":
        out["read_gexf"] = summary_nx(nx.read_gexf(path))
    else:
        import igraph

        out["read_graphml"] = summary_nx(nx.read_graphml(path))
        ig = igraph.Graph.Read_GraphML(path)
        out["igraph"] = {
            "version": igraph.__version__,
            "nodes": ig.vcount(),
            "edges": ig.ecount(),
            "vertexAttributes": sorted(ig.vs.attributes()),
            "edgeAttributes": sorted(ig.es.attributes()),
            "positioned": sum(1 for v in ig.vs if v["x"] == v["x"] and v["y"] == v["y"]),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
