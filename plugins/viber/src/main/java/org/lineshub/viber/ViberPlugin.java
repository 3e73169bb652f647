package org.lineshub.viber;

import org.pf4j.Plugin;

/** The Viber plugin. It holds no state: everything an account needs belongs to what {@code connect} builds. */
public class ViberPlugin extends Plugin {
}
