package ptlab.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** An SVG parsed with the JDK's XML parser, and the elements the tests look at. */
final class Svg {

    final Document doc;

    Svg(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    Element root() {
        return doc.getDocumentElement();
    }

    /** Elements of this tag (any namespace) whose class attribute is {@code cls}, in document order. */
    List<Element> all(Element under, String tag, String cls) {
        NodeList nodes = under.getElementsByTagNameNS("*", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cls == null || cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    List<Element> all(String tag, String cls) {
        return all(root(), tag, cls);
    }

    static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /** The text of the first {@code <text>} directly inside. */
    static String firstText(Element e) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getLocalName().equals("text")) {
                return c.getTextContent();
            }
        }
        return null;
    }
}
