-- Roles and data the specs rely on; run once, at image build.
CREATE ROLE tcpspec LOGIN;
CREATE ROLE tcpspec_password LOGIN PASSWORD 'tcpspec-secret';
SET password_encryption = 'md5';
CREATE ROLE tcpspec_md5 LOGIN PASSWORD 'tcpspec-secret';
SET password_encryption = 'scram-sha-256';
CREATE ROLE tcpspec_scram LOGIN PASSWORD 'tcpspec-secret';
CREATE ROLE tcpspec_tls LOGIN;
CREATE DATABASE tcpspec OWNER tcpspec;
\connect tcpspec
CREATE TABLE greetings (id integer PRIMARY KEY, word text NOT NULL);
INSERT INTO greetings VALUES (1, 'hello'), (2, 'hallo'), (3, 'bonjour');
ALTER TABLE greetings OWNER TO tcpspec;
GRANT SELECT ON greetings TO PUBLIC;
