package io.codecheck.it.app.shutdown;

import jakarta.ejb.Stateless;

/**
 * The only class of the "starter" application, deployed before the victim so that Payara Micro starts its web and EJB
 * containers, and with them its logging file handler, for an application that never touches the adapter (see
 * ShutdownIT). Nothing of the adapter here.
 */
@Stateless
public class StarterBean {
    public String hello() {
        return "hello";
    }
}
