#!/usr/bin/env python3
"""A scripted client tries to book out the coming week of registration visits, with generated
ID numbers and scripts off, first from one address and then from 50 loopback addresses
(127.0.0.x), while a person books once in a while. Prints how many seats the script got, how
long it took, and how long the person's booking took meanwhile (figures only, no pass/fail).

Usage: bench-abuse.py BASE_URL one|fifty   (a portal on a fresh database, started by
bench-abuse.sh once for each scenario)
"""

import hashlib
import http.client
import random
import re
import sys
import time
import urllib.parse

BASE = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3300")
SCENARIO = sys.argv[2] if len(sys.argv) > 2 else "one"
# Seconds a person's "browser" spent on the proof of work (Python here; WebAssembly in a
# browser is several times faster), kept apart from the time the server took.
POW_SECONDS = []
LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def national_id(rng):
    """A valid-looking national ID number (letter, sex digit, seven digits, check digit)."""
    letter = rng.choice(LETTERS[:26])
    code = LETTERS.index(letter) + 10
    digits = [rng.choice([1, 2])] + [rng.randrange(10) for _ in range(7)]
    weights = [8, 7, 6, 5, 4, 3, 2, 1]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(digits, weights))
    check = (10 - total % 10) % 10
    return letter + "".join(map(str, digits)) + str(check)


class Client:
    def __init__(self, source):
        self.source = source
        self.cookie = ""

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection(
            BASE.hostname, BASE.port, timeout=30, source_address=(self.source, 0)
        )
        body = urllib.parse.urlencode(form or {})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        conn.request(method, path, body=body if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        conn.close()
        return response.status, response.getheader("Location") or "", text


def first_value(html, name):
    m = re.search(r'name="%s" value="([^"]+)"' % name, html)
    return m.group(1) if m else None


def proof_of_work(token, difficulty=18):
    """What a person's browser computes for the booking challenge."""
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{token}:{nonce}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - difficulty) == 0:
            return nonce
        nonce += 1


def book(client, rng, phone=None, email="", person=False):
    """One booking on the first day and time offered: True when it was made. A person (whose
    browser runs JavaScript) passes the challenge when one is asked; the script does not."""
    base = "/book/registration-visit"
    status, _, _ = client.request("POST", base + "/start")
    if status != 303:
        return False
    client.request("POST", base + "/item", {"item": "seal"})
    client.request("POST", base + "/place", {"place": "main"})
    _, _, html = client.request("GET", base + "/day")
    day = first_value(html, "day")
    if not day:
        return False
    client.request("POST", base + "/day", {"day": day})
    _, _, html = client.request("GET", base + "/time")
    slot = first_value(html, "time")
    if not slot:
        return False
    client.request("POST", base + "/time", {"time": slot})
    phone = phone or "09%08d" % rng.randrange(10**8)
    client.request(
        "POST",
        base + "/details",
        {"name": "王測試", "id": national_id(rng), "phone": phone, "email": email},
    )
    _, _, html = client.request("GET", base + "/check")
    form = {}
    token = re.search(r'name="challenge" value="([^"]+)"', html)
    if token and person:
        started = time.monotonic()
        form = {"challenge": token.group(1), "pow": str(proof_of_work(token.group(1)))}
        POW_SECONDS.append(time.monotonic() - started)
    status, location, _ = client.request("POST", base + "/check", form)
    return status == 303 and location.endswith("/done")


PEOPLE = iter(range(1, 250))


def person_booking(rng):
    start = time.monotonic()
    solved_before = sum(POW_SECONDS)
    made = book(Client("127.0.1.%d" % next(PEOPLE)), rng, person=True)
    return made, time.monotonic() - start - (sum(POW_SECONDS) - solved_before)


def attack(sources, attempts_per_source, rng):
    got = 0
    person_times = []
    start = time.monotonic()
    for i in range(attempts_per_source):
        for source in sources:
            if book(Client(source), rng):
                got += 1
        if i % 5 == 0:
            made, seconds = person_booking(rng)
            person_times.append((made, seconds))
    return got, time.monotonic() - start, person_times


def seats_of_the_week():
    """Seats offered over the coming week, read from the day page (seats left per day)."""
    client = Client("127.0.2.1")
    base = "/book/registration-visit"
    client.request("POST", base + "/start")
    client.request("POST", base + "/item", {"item": "seal"})
    client.request("POST", base + "/place", {"place": "main"})
    _, _, html = client.request("GET", base + "/day")
    days = re.findall(r'name="day" value="([^"]+)"', html)
    left = [int(a or b) for a, b in re.findall(r"尚餘 (\d+) 名|(\d+) places left", html)]
    return days[:7], sum(left[:7]), (left[0] if left else 0)


def main():
    rng = random.Random(14)
    days, week_seats, first_day_seats = seats_of_the_week()
    print(f"seats offered: {week_seats} over the next {len(days)} bookable days; first day {first_day_seats}")

    if SCENARIO == "one":
        got, seconds, people = attack(["127.0.0.10"], 60, rng)
        share = 100.0 * got / first_day_seats if first_day_seats else 0.0
        print(f"one address, 60 tries: {got} seats in {seconds:.1f} s ({share:.1f}% of the first day's seats)")
    else:
        sources = ["127.0.3.%d" % i for i in range(1, 51)]
        got, seconds, people = attack(sources, 6, rng)
        share = 100.0 * got / first_day_seats if first_day_seats else 0.0
        print(f"50 addresses, 6 tries each: {got} seats in {seconds:.1f} s "
              f"({share:.1f}% of the first day's {first_day_seats} seats)")
    report(people)


def report(people):
    if not people:
        return
    made = sum(1 for ok, _ in people if ok)
    worst = max(s for _, s in people)
    mean = sum(s for _, s in people) / len(people)
    print(f"  a person's booking meanwhile (9 pages, server time): {made}/{len(people)} made, mean {mean*1000:.0f} ms, worst {worst*1000:.0f} ms")
    if POW_SECONDS:
        print(f"  the proof of work in Python: mean {1000*sum(POW_SECONDS)/len(POW_SECONDS):.0f} ms over {len(POW_SECONDS)} challenges")


if __name__ == "__main__":
    main()
