package org.lineshub.hub.user;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.lineshub.hub.access.AccessChangedEvent;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Groups of users, which lines give roles to. */
@Service
public class GroupService {

    private final GroupRepository groups;
    private final UserRepository users;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    GroupService(GroupRepository groups, UserRepository users, ApplicationEventPublisher events, Clock clock) {
        this.groups = groups;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    GroupView create(GroupRequest request) {
        if (groups.existsByName(request.name().trim())) {
            throw new ConflictException("group name " + request.name() + " is taken");
        }
        Group group = new Group(request.name().trim(), clock.instant());
        apply(group, request);
        return view(groups.save(group));
    }

    @Transactional
    GroupView update(long id, GroupRequest request) {
        Group group = find(id);
        String name = request.name().trim();
        if (!group.getName().equals(name) && groups.existsByName(name)) {
            throw new ConflictException("group name " + name + " is taken");
        }
        group.setName(name);
        apply(group, request);
        group.touch(clock.instant());
        events.publishEvent(new AccessChangedEvent(null));
        return view(group);
    }

    private void apply(Group group, GroupRequest request) {
        group.setDescription(request.description());
        Set<Long> members = request.memberIds() == null ? Set.of() : request.memberIds();
        for (Long userId : members) {
            if (userId == null || !users.existsById(userId)) {
                throw new InvalidRequestException("memberIds", "user " + userId + " does not exist");
            }
        }
        group.getMemberIds().clear();
        group.getMemberIds().addAll(members);
    }

    @Transactional
    void delete(long id) {
        groups.delete(find(id));
        events.publishEvent(new AccessChangedEvent(null));
    }

    @Transactional(readOnly = true)
    GroupView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    List<GroupView> list() {
        return groups.findAll().stream().map(GroupService::view).toList();
    }

    /**
     * @param id a group id
     * @return whether the group exists
     */
    @Transactional(readOnly = true)
    public boolean exists(long id) {
        return groups.existsById(id);
    }

    private Group find(long id) {
        return groups.findById(id).orElseThrow(() -> new NotFoundException("group", id));
    }

    private static GroupView view(Group g) {
        return new GroupView(g.getId(), g.getName(), g.getDescription(), g.getMemberIds().stream().sorted().toList());
    }
}
