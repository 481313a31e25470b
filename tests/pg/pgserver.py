"""pgserver.py - a throwaway PostgreSQL server for the push tests.

Server(tmpdir) runs initdb and pg_ctl from Debian's PostgreSQL (found
under /usr/lib/postgresql/*/bin, else on PATH) in tmpdir, listening on a
Unix socket there and on a free loopback port, password authentication
(scram) over TCP.  PostgreSQL refuses to run as root: as root the server
runs as the unprivileged user 'nobody' (runuser).  find_bin() returns
None when PostgreSQL is not installed, for the caller to skip.
"""
import glob
import os
import shutil
import socket
import subprocess

PASSWORD = "s3cret-Pw"


def find_bin():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(d, "initdb"), os.X_OK):
            return d
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tmpdir, bindir):
        self.bindir = bindir
        self.dir = os.path.join(tmpdir, "pg")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        os.makedirs(self.dir)
        self.as_user = []
        if os.geteuid() == 0:
            import pwd
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            os.chmod(tmpdir, 0o755)
            self.as_user = ["runuser", "-u", "nobody", "--"]
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(PASSWORD + "\n")
        if self.as_user:
            os.chown(pwfile, nobody.pw_uid, nobody.pw_gid)
        self.run("initdb", "-D", self.data, "-U", "postgres", "-A",
                 "scram-sha-256", "--pwfile", pwfile, "-E", "UTF8",
                 "--locale", "C")
        self.run("pg_ctl", "-D", self.data, "-w", "-l",
                 os.path.join(self.dir, "log"), "-o",
                 "-k %s -p %d -c listen_addresses=127.0.0.1 -c fsync=off"
                 % (self.dir, self.port), "start")

    def run(self, prog, *args):
        r = subprocess.run(self.as_user + [os.path.join(self.bindir, prog)]
                           + list(args), capture_output=True, text=True,
                           cwd=self.dir)
        if r.returncode != 0:
            raise RuntimeError("%s failed: %s%s" % (prog, r.stdout, r.stderr))
        return r.stdout

    def url(self, db="postgres", password=PASSWORD):
        return "postgresql://postgres:%s@127.0.0.1:%d/%s" % (
            password, self.port, db)

    def psql(self, sql, db="postgres"):
        """Rows of a query as lists of strings (psql -A -t)."""
        env = dict(os.environ, PGPASSWORD=PASSWORD)
        r = subprocess.run([os.path.join(self.bindir, "psql"), "-X", "-q",
                            "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                            "-h", "127.0.0.1", "-p", str(self.port),
                            "-U", "postgres", "-d", db, "-c", sql],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RuntimeError("psql: %s" % r.stderr)
        return [l.split("\t") for l in r.stdout.splitlines()]

    def stop(self):
        try:
            self.run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        except RuntimeError:
            pass
