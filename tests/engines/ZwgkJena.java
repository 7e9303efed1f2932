// Jena as the second engine of the tests (tests/second_engines.py runs it): one JVM for many jobs.
//
//   java -cp JENA_JARS ZwgkJena.java shacl SHAPES DATA REPORT [SHAPES DATA REPORT ...]
//       validates each DATA graph (N-Triples or Turtle) with SHAPES; writes the report as N-Triples
//   java -cp JENA_JARS ZwgkJena.java parse FILE [FILE ...]
//       parses each file (syntax from its extension) and prints "FILE<TAB>QUADS<TAB>GRAPHS"
//
// A failure prints "error: FILE: message" on stderr and exits 1.
import java.io.FileOutputStream;
import java.io.OutputStream;

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;

public class ZwgkJena {
    public static void main(String[] args) throws Exception {
        String current = "";
        try {
            if (args.length > 0 && args[0].equals("shacl")) {
                for (int i = 1; i + 2 < args.length; i += 3) {
                    current = args[i + 1];
                    Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[i]));
                    Graph data = RDFDataMgr.loadGraph(args[i + 1]);
                    ValidationReport report = ShaclValidator.get().validate(shapes, data);
                    try (OutputStream out = new FileOutputStream(args[i + 2])) {
                        RDFDataMgr.write(out, report.getModel(), RDFFormat.NTRIPLES);
                    }
                }
            } else if (args.length > 0 && args[0].equals("parse")) {
                for (int i = 1; i < args.length; i++) {
                    current = args[i];
                    DatasetGraph ds;
                    try {
                        ds = RDFDataMgr.loadDatasetGraph(args[i]);
                    } catch (Exception e) {
                        // JSON-LD 1.1 (Titanium) needs a JSON-P provider that Debian does not package:
                        // then JSON-LD 1.0 (jsonld-java)
                        if (!args[i].endsWith(".jsonld")) throw e;
                        ds = DatasetGraphFactory.create();
                        RDFParser.source(args[i]).forceLang(Lang.JSONLD10).parse(ds);
                    }
                    long quads = 0;
                    for (var it = ds.find(); it.hasNext(); it.next()) quads++;
                    long graphs = 0;
                    for (var it = ds.listGraphNodes(); it.hasNext(); it.next()) graphs++;
                    System.out.println(args[i] + "\t" + quads + "\t" + graphs);
                }
            } else {
                System.err.println("usage: ZwgkJena shacl SHAPES DATA REPORT ... | parse FILE ...");
                System.exit(2);
            }
        } catch (Exception e) {
            if (System.getenv("ZWGK_JENA_TRACE") != null) e.printStackTrace();
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause())
                why.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            System.err.println("error: " + current + ": " + why);
            System.exit(1);
        }
    }
}
