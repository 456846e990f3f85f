package io.codecheck.it.support;

import io.codecheck.it.app.Failures;
import io.codecheck.it.app.OpServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The parts every test WAR has. Client side: builds archives, is not packaged into them. */
public final class Wars {

    /**
     * The adapter's exceptions are application exceptions with rollback: EJBs then throw them as they are (with their
     * SQLState) instead of wrapping them in EJBException, and the transaction still rolls back.
     */
    static final String EJB_JAR_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
                     version="4.0">
              <assembly-descriptor>
                <application-exception>
                  <exception-class>io.codecheck.ra.api.DatabaseException</exception-class>
                  <rollback>true</rollback>
                  <inherited>true</inherited>
                </application-exception>
              </assembly-descriptor>
            </ejb-jar>
            """;

    private Wars() {
    }

    /** A WAR with the servlet base, the failure description, ejb-jar.xml and the given resources. */
    public static WebArchive war(String name, Pools pools) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(OpServlet.class, Failures.class)
                .addAsWebInfResource(new StringAsset(EJB_JAR_XML), "ejb-jar.xml");
        if (pools != null) {
            war.addAsWebInfResource(new StringAsset(pools.toXml()), "glassfish-resources.xml");
        }
        return war;
    }
}
