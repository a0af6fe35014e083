package atlas;

import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.graph.api.Table;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Loads a GEXF or GraphML file as Gephi does (default import settings, so parallel edges of one kind would be
 * merged) and prints, as one JSON object: node and edge counts, the typed node and edge columns, the edge kinds,
 * how many nodes carry a position and the import report's issues.
 */
public final class GephiCheck {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: GephiCheck FILE");
      System.exit(2);
    }
    ProjectController pc = Lookup.getDefault().lookup(ProjectController.class);
    pc.newProject();
    Workspace workspace = pc.getCurrentWorkspace();
    ImportController importer = Lookup.getDefault().lookup(ImportController.class);
    Container container = importer.importFile(new File(args[0]));
    if (container == null) {
      System.err.println("Gephi could not import " + args[0]);
      System.exit(1);
    }
    List<String> issues = new ArrayList<>();
    Iterator<Issue> reported = container.getReport().getIssues(1000);
    while (reported.hasNext()) {
      Issue issue = reported.next();
      issues.add(issue.getLevel() + ": " + issue.getMessage());
    }
    importer.process(container, new DefaultProcessor(), workspace);
    GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
    int positioned = 0;
    for (Node n : model.getGraph().getNodes()) {
      if (n.x() != 0f || n.y() != 0f) positioned++;
    }
    List<String> kinds = new ArrayList<>();
    for (Object label : model.getEdgeTypeLabels()) {
      if (label != null) kinds.add(String.valueOf(label));
    }
    int edges = 0;
    for (Edge e : model.getGraph().getEdges()) edges++;
    StringBuilder out = new StringBuilder("{");
    out.append("\"nodes\":").append(model.getGraph().getNodeCount());
    out.append(",\"edges\":").append(edges);
    out.append(",\"positioned\":").append(positioned);
    out.append(",\"nodeColumns\":").append(columns(model.getNodeTable()));
    out.append(",\"edgeColumns\":").append(columns(model.getEdgeTable()));
    out.append(",\"edgeKinds\":").append(strings(kinds));
    out.append(",\"issues\":").append(strings(issues));
    out.append("}");
    System.out.println(out);
    System.exit(0);
  }

  private static String columns(Table table) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (Column c : table) {
      if (c.isProperty()) continue;
      if (!first) b.append(',');
      first = false;
      b.append(quote(c.getTitle())).append(':').append(quote(c.getTypeClass().getSimpleName()));
    }
    return b.append('}').toString();
  }

  private static String strings(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append(quote(values.get(i)));
    }
    return b.append(']').toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }
}
