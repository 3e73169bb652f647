package org.lineshub.hub.sla;

/** How a line's SLA deadlines count time. */
public enum SlaClock {
    /** Every hour counts, day and night. */
    AROUND_THE_CLOCK,
    /** Only the line's working hours count: its weekly schedule in its time zone, without holidays. */
    WORKING_HOURS
}
