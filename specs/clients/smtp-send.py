"""Sends one mail with Python's smtplib and prints the server's answer to it.

usage: python3 smtp-send.py HOST PORT
"""
import smtplib
import sys

host, port = sys.argv[1], int(sys.argv[2])
message = "Subject: Hallo\r\n\r\nHallo Server!\r\n.leading dot\r\n"
with smtplib.SMTP(host, port, local_hostname="client.example", timeout=10) as smtp:
    smtp.ehlo()
    smtp.mail("alice@example.com")
    smtp.rcpt("bob@example.com")
    code, text = smtp.data(message)
    print(code, text.decode())
