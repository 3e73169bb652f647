package org.lineshub.loopback;

import org.pf4j.Plugin;

/** The loopback plugin. It holds no state: everything an account needs belongs to what {@code connect} builds. */
public class LoopbackPlugin extends Plugin {
}
