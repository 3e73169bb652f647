package org.lineshub.vk;

import org.pf4j.Plugin;

/** The VK plugin. It holds no state: everything an account needs belongs to what {@code VkConnector.connect} builds. */
public class VkPlugin extends Plugin {
}
