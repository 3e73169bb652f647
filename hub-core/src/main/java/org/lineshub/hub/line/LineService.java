package org.lineshub.hub.line;

import org.lineshub.hub.access.LineRole;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lineshub.hub.access.AccessChangedEvent;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.hub.user.GroupService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lines: their settings, and which groups operate, supervise, read and write to them. */
@Service
public class LineService {

    private final LineRepository lines;
    private final GroupService groups;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LineService(LineRepository lines, GroupService groups, JdbcClient jdbc, ApplicationEventPublisher events,
                Clock clock) {
        this.lines = lines;
        this.groups = groups;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    LineView create(LineRequest request, UserAccess caller) {
        String name = request.name().trim();
        if (lines.existsByName(name)) {
            throw new ConflictException("line name " + name + " is taken");
        }
        Line line = new Line(name, clock.instant());
        apply(line, request);
        Line saved = lines.save(line);
        // the groups it names give their members a new line to see
        events.publishEvent(new AccessChangedEvent(null));
        return view(saved, caller);
    }

    @Transactional
    LineView update(long id, LineRequest request, UserAccess caller) {
        Line line = find(id);
        String name = request.name().trim();
        if (!line.getName().equals(name) && lines.existsByName(name)) {
            throw new ConflictException("line name " + name + " is taken");
        }
        line.setName(name);
        apply(line, request);
        line.touch(clock.instant());
        events.publishEvent(new AccessChangedEvent(null));
        events.publishEvent(new LineChangedEvent(id));
        return view(line, caller);
    }

    private void apply(Line line, LineRequest r) {
        if (r.showOperatorName() != null) {
            line.setShowOperatorName(r.showOperatorName());
        }
        if (r.routingMode() != null) {
            line.setRoutingMode(r.routingMode());
        }
        if (r.maxSessionsPerOperator() != null) {
            line.setMaxSessionsPerOperator(r.maxSessionsPerOperator() == 0 ? null : r.maxSessionsPerOperator());
        }
        if (r.autoCloseHours() != null) {
            line.setAutoCloseHours(r.autoCloseHours() == 0 ? null : r.autoCloseHours());
        }
        if (r.offerTimeoutSeconds() != null) {
            line.setOfferTimeoutSeconds(r.offerTimeoutSeconds() == 0 ? null : r.offerTimeoutSeconds());
        }
        if (r.allowOfflineWithSessions() != null) {
            line.setAllowOfflineWithSessions(r.allowOfflineWithSessions());
        }
        if (r.sla() != null) {
            line.setSla(r.sla().validated());
        }
        grant(line, LineRole.OPERATOR, r.operatorGroupIds(), "operatorGroupIds");
        grant(line, LineRole.SUPERVISOR, r.supervisorGroupIds(), "supervisorGroupIds");
        grant(line, LineRole.READER, r.readerGroupIds(), "readerGroupIds");
        grant(line, LineRole.WRITER, r.writerGroupIds(), "writerGroupIds");
    }

    private void grant(Line line, LineRole role, Set<Long> groupIds, String field) {
        if (groupIds == null) {
            return;
        }
        for (Long groupId : groupIds) {
            if (groupId == null || !groups.exists(groupId)) {
                throw new InvalidRequestException(field, "group " + groupId + " does not exist");
            }
        }
        line.getGrants().removeIf(g -> g.getRole() == role);
        groupIds.forEach(g -> line.getGrants().add(new LineGrant(g, role)));
    }

    @Transactional
    void delete(long id) {
        Line line = find(id);
        boolean used = jdbc.sql("SELECT EXISTS(SELECT 1 FROM channel_account WHERE line_id = ? AND deleted_at IS NULL)"
                        + " OR EXISTS(SELECT 1 FROM session WHERE line_id = ?)")
                .params(id, id).query(Boolean.class).single();
        if (used) {
            throw new ConflictException("the line has channel accounts or sessions; move or delete the accounts "
                    + "first (lines with history are kept)");
        }
        lines.delete(line);
        events.publishEvent(new AccessChangedEvent(null));
    }

    @Transactional(readOnly = true)
    LineView get(long id, UserAccess caller) {
        return view(find(id), caller);
    }

    @Transactional(readOnly = true)
    List<LineView> list(UserAccess caller) {
        List<Line> all = lines.findAll().stream()
                .filter(l -> caller.admin() || !caller.roles(l.getId()).isEmpty()).toList();
        Map<Long, Long> queued = queued(all.stream().map(Line::getId).toList());
        return all.stream().map(l -> view(l, caller, queued.getOrDefault(l.getId(), 0L))).toList();
    }

    /**
     * @return the id and name of every line, for choosing a transfer target
     */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> directory() {
        return lines.findAll().stream().map(l -> Map.<String, Object>of("id", l.getId(), "name", l.getName()))
                .toList();
    }

    /**
     * @param id a line
     * @return the line
     * @throws NotFoundException when it does not exist
     */
    public Line find(long id) {
        return lines.findById(id).orElseThrow(() -> new NotFoundException("line", id));
    }

    private LineView view(Line line, UserAccess caller) {
        return view(line, caller, queued(List.of(line.getId())).getOrDefault(line.getId(), 0L));
    }

    /** Queued sessions per line, read from the session table: the line shows its queue without a session service. */
    private Map<Long, Long> queued(Collection<Long> lineIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (lineIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT line_id, COUNT(*) FROM session WHERE status = 'QUEUED' AND line_id IN (:ids)"
                        + " GROUP BY line_id")
                .param("ids", Set.copyOf(lineIds)).query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2))).list();
        return counts;
    }

    private static LineView view(Line l, UserAccess caller, long queued) {
        return new LineView(l.getId(), l.getName(), l.isShowOperatorName(), l.getRoutingMode().name(),
                l.getMaxSessionsPerOperator(), l.getAutoCloseHours(), l.getOfferTimeoutSeconds(),
                l.isAllowOfflineWithSessions(), groups(l, LineRole.OPERATOR), groups(l, LineRole.SUPERVISOR),
                groups(l, LineRole.READER), groups(l, LineRole.WRITER), queued,
                caller.roles(l.getId()).stream().map(Enum::name).sorted().toList(), l.getCreatedAt(),
                l.getUpdatedAt(), l.getSla());
    }

    private static List<Long> groups(Line l, LineRole role) {
        return l.getGrants().stream().filter(g -> g.getRole() == role).map(LineGrant::getGroupId).sorted().toList();
    }
}
