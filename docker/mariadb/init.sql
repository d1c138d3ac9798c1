-- Users and data the specs rely on; run once, at image build (mariadbd --bootstrap).
CREATE DATABASE tcpspec;
CREATE TABLE tcpspec.greetings (id INT PRIMARY KEY, word VARCHAR(20) NOT NULL);
INSERT INTO tcpspec.greetings VALUES (1, 'hello'), (2, 'hallo'), (3, 'bonjour');
-- mysql_native_password with a password (a client must send SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))))
CREATE USER 'tcpspec'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('tcpspec-secret');
-- mysql_native_password with an empty password: the auth response is empty (specs cannot compute SHA1)
CREATE USER 'tcpspec_nopass'@'%' IDENTIFIED VIA mysql_native_password USING '';
GRANT ALL ON tcpspec.* TO 'tcpspec'@'%';
GRANT ALL ON tcpspec.* TO 'tcpspec_nopass'@'%';
FLUSH PRIVILEGES;
