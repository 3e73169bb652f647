-- A sender whose address is already on a client's card joins that client, whatever channel they write through:
-- the first message of a new sender looks the address up.
CREATE INDEX ix_client_email ON client (email);
