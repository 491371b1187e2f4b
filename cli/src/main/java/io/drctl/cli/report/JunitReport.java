package io.drctl.cli.report;

import io.drctl.cli.render.TerminalText;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The report as JUnit XML, one test case per step, so a CI system shows a rehearsal like a test
 * run: failed steps fail, skipped and never-run steps are skipped, a missed RTO fails a case of
 * its own. Written with the JDK's XML writer, which escapes everything.
 */
final class JunitReport {
    private JunitReport() {}

    static String render(RunReport r) {
        var s = r.status();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            long failures = r.steps().stream()
                            .filter(t -> t.state().startsWith("failed"))
                            .count()
                    + (r.rtoMet().orElse(true) ? 0 : 1);
            long skipped = r.steps().stream()
                    .filter(t -> !t.state().equals("succeeded") && !t.state().startsWith("failed"))
                    .count();
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "drctl " + s.planName() + " (" + s.mode() + ")");
            x.writeAttribute("tests", String.valueOf(r.steps().size() + 1));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("skipped", String.valueOf(skipped));
            x.writeAttribute("timestamp", s.startedAt().toString());
            x.writeAttribute("time", seconds(r.rto().map(Duration::toMillis).orElse(0L)));
            x.writeCharacters("\n");
            for (RunReport.StepTiming t : r.steps()) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", s.planName());
                x.writeAttribute("name", t.id());
                x.writeAttribute(
                        "time", seconds(t.duration().map(Duration::toMillis).orElse(0L)));
                if (t.state().startsWith("failed")) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", TerminalText.safe(t.detail()));
                    x.writeEndElement();
                } else if (!t.state().equals("succeeded")) {
                    x.writeStartElement("skipped");
                    x.writeAttribute(
                            "message", t.state() + (t.detail().isBlank() ? "" : ": " + TerminalText.safe(t.detail())));
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeCharacters("  ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", s.planName());
            x.writeAttribute("name", "objective: RTO");
            x.writeAttribute("time", "0");
            if (r.rtoMet().isPresent() && !r.rtoMet().get()) {
                x.writeStartElement("failure");
                x.writeAttribute(
                        "message",
                        "RTO missed: " + r.rto().map(Object::toString).orElse("?") + " over the objective "
                                + r.objectives().rto().map(Object::toString).orElse("?"));
                x.writeEndElement();
            } else if (r.rtoMet().isEmpty()) {
                x.writeStartElement("skipped");
                x.writeAttribute("message", "no RTO objective, or no step succeeded");
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return out + "\n";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
