#!/usr/bin/env python3
"""Download a file over FTPS with a SIMCom SIM7070G/SIM7080G on a serial port.

A host program as firmware teams write them for the real module, from its documents only:
the SIM7080 Series AT Command Manual V1.02 (identity 2.2.27, AT+CPIN 3.2.11, AT+CEREG 6.2.7,
AT+CSQ 3.2.16, AT+CNACT 7.2.1, file system 9.2, AT+CSSLCFG 11.2.1, FTP 15.2) and the
FTP(S) application note (5.1.1 GET, 5.2.1 certificate, 5.2.2 explicit FTPS). It knows nothing
of the project that tests it: it talks to the port it is given, as it would on hardware.

    sim7080_ftps_get.py PORT --server HOST --user U --password P --path /dir --name FILE
        --ca CA_FILE [--out FILE]

Exit status 0 when the whole file arrived; 1 with the reason otherwise. Every wait is bounded.
"""

import argparse
import re
import sys
import time

import serial  # pyserial


class ModuleError(Exception):
    pass


class Module:
    def __init__(self, port, timeout=5.0):
        self.port = serial.Serial(port, 115200, timeout=0.05)
        self.timeout = timeout
        self.buf = b""

    # -- the line layer ----------------------------------------------------------------
    def _fill(self, deadline):
        chunk = self.port.read(4096)
        if chunk:
            self.buf += chunk
        elif time.monotonic() > deadline:
            raise ModuleError("timed out; received so far: %r" % self.buf[-200:])

    def line(self, timeout=None):
        """The next non-empty line, without its CR LF."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                if line:
                    return line.decode("latin-1")
                continue
            self._fill(deadline)

    def raw(self, n, timeout=None):
        """Exactly n bytes (the data after +FTPGET: 2,<n>)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while len(self.buf) < n:
            self._fill(deadline)
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def send(self, cmd):
        self.port.write(cmd.encode() + b"\r\n")

    def command(self, cmd, timeout=None):
        """Sends a command; returns its information lines, raises on ERROR."""
        self.send(cmd)
        lines = []
        while True:
            line = self.line(timeout)
            if line == "OK":
                return lines
            if line == "ERROR" or line.startswith("+CME ERROR"):
                raise ModuleError("%s -> %s" % (cmd, line))
            if line == cmd:  # echo still on
                continue
            lines.append(line)

    def wait_for(self, prefix, timeout):
        """Waits for an unsolicited line starting with prefix."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.line(max(0.1, deadline - time.monotonic()))
            if line.startswith(prefix):
                return line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port")
    ap.add_argument("--server", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--path", default="/")
    ap.add_argument("--name", required=True)
    ap.add_argument("--ca", required=True, help="CA certificate file to load into the module")
    ap.add_argument("--out")
    a = ap.parse_args()
    m = Module(a.port)

    # Is anybody there? (auto-baud needs a few ATs on real hardware)
    for _ in range(10):
        m.send("AT")
        try:
            if m.line(1.0) in ("OK", "AT"):
                break
        except ModuleError:
            continue
    else:
        raise ModuleError("the module does not answer AT")
    m.buf = b""
    time.sleep(0.2)
    m.port.reset_input_buffer()
    m.command("ATE0")
    m.command("AT+CMEE=2")

    # Identify the module.
    revision = None
    for line in m.command("AT+GMR"):
        match = re.match(r"Revision: ?(\S+)$", line)
        if match:
            revision = match.group(1)
    if not revision:
        raise ModuleError("AT+GMR printed no revision")
    model = m.command("AT+CGMM")[0]
    print("module %s, firmware %s" % (model, revision))

    # SIM and network registration: poll AT+CEREG? until registered (home 1 or roaming 5).
    cpin = m.command("AT+CPIN?")
    if cpin != ["+CPIN: READY"]:
        raise ModuleError("SIM not ready: %r" % cpin)
    deadline = time.monotonic() + 120
    while True:
        stat = None
        for line in m.command("AT+CEREG?"):
            match = re.match(r"\+CEREG: ?\d+,(\d+)", line)
            if match:
                stat = int(match.group(1))
        if stat in (1, 5):
            break
        if time.monotonic() > deadline:
            raise ModuleError("not registered (stat %s)" % stat)
        time.sleep(1.0)
    print("registered (stat %d), signal %s" % (stat, m.command("AT+CSQ")[0]))

    # The application network (PDP context 0).
    active = any(l.startswith("+CNACT: 0,1") for l in m.command("AT+CNACT?"))
    if not active:
        m.command("AT+CNACT=0,1")
        m.wait_for("+APP PDP: 0,ACTIVE", 60)

    # The CA certificate into the file system, then into SSL context 0.
    with open(a.ca, "rb") as f:
        ca = f.read()
    m.command("AT+CFSINIT")
    m.send('AT+CFSWFILE=3,"ca.crt",0,%d,10000' % len(ca))
    if m.line() != "DOWNLOAD":
        raise ModuleError("no DOWNLOAD prompt")
    m.port.write(ca)
    if m.line(15) != "OK":
        raise ModuleError("the certificate was not written")
    m.command("AT+CFSTERM")
    m.command('AT+CSSLCFG="SSLVERSION",0,3')
    m.command('AT+CSSLCFG="PROTOCOL",0,1')
    m.command('AT+CSSLCFG="IGNORERTCTIME",0,1')
    m.command('AT+CSSLCFG="SNI",0,"%s"' % a.server)
    m.command('AT+CSSLCFG="CONVERT",2,"ca.crt"')
    print("SSL context 0: %s" % m.command('AT+CSSLCFG="CTXINDEX",0'))

    # FTP profile, explicit FTPS with the CA.
    m.command("AT+FTPCID=0")
    m.command('AT+FTPSERV="%s"' % a.server)
    m.command("AT+FTPPORT=21")
    m.command('AT+FTPUN="%s"' % a.user)
    m.command('AT+FTPPW="%s"' % a.password)
    m.command("AT+FTPMODE=1")
    m.command('AT+FTPTYPE="I"')
    m.command('AT+FTPGETPATH="%s"' % a.path)
    m.command('AT+FTPGETNAME="%s"' % a.name)
    m.command('AT+FTPSSL=2,0,"ca.crt",""')

    # GET: open, then read in 1024-byte pieces until +FTPGET: 1,0.
    m.command("AT+FTPGET=1")
    line = m.wait_for("+FTPGET: 1,", 75)
    if line != "+FTPGET: 1,1":
        raise ModuleError("the download did not start: " + line)
    data = b""
    done = False

    def session(line):
        # +FTPGET: 1,0 ends the download, +FTPGET: 1,1 says more data is there; it may come
        # at any time between reads.
        if line == "+FTPGET: 1,0":
            return True
        if line != "+FTPGET: 1,1":
            raise ModuleError("the download failed: " + line)
        return False

    while not done:
        m.send("AT+FTPGET=2,1024")
        while True:
            line = m.line(10)
            match = re.match(r"\+FTPGET: ?2,(\d+)$", line)
            if match:
                break
            if line.startswith("+FTPGET: 1,"):
                done = session(line)
                continue
            # The session ended (+FTPGET: 1,0) as this read went out: the module refuses it.
            if done and (line == "ERROR" or line.startswith("+CME ERROR")):
                break
            raise ModuleError("AT+FTPGET=2 -> " + line)
        if not match:
            break
        n = int(match.group(1))
        data += m.raw(n)
        while True:
            line = m.line()
            if line == "OK":
                break
            done = session(line)
        if n == 0 and not done:
            done = session(m.wait_for("+FTPGET: 1,", 75))
    print("downloaded %d bytes" % len(data))
    if a.out:
        with open(a.out, "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ModuleError as e:
        print("error: %s" % e, file=sys.stderr)
        sys.exit(1)
