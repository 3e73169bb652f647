package org.lineshub.hub.session;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface MessageRevisionRepository extends JpaRepository<MessageRevision, Long> {

    List<MessageRevision> findByMessageIdOrderById(Long messageId);
}
