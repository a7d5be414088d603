#!/usr/bin/env python3
"""A fake MPRIS player for relief's tests, on the bus in DBUS_SESSION_BUS_ADDRESS.

    fake-mpris-player.py NAME STATUS

owns org.mpris.MediaPlayer2.NAME and starts in STATUS (Playing, Paused or Stopped). Play,
Pause, PlayPause and Stop change PlaybackStatus and emit PropertiesChanged, as a real player
does, so the tests can watch relief pause it and resume it, and act as the person would.
"""
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"


class Player(dbus.service.Object):
    def __init__(self, bus, name, status):
        super().__init__(bus, "/org/mpris/MediaPlayer2")
        self.name = name
        self.status = status

    def set_status(self, status):
        if status != self.status:
            self.status = status
            self.PropertiesChanged(PLAYER, {"PlaybackStatus": status}, dbus.Array([], signature="s"))

    @dbus.service.method(PLAYER)
    def Play(self):
        self.set_status("Playing")

    @dbus.service.method(PLAYER)
    def Pause(self):
        if self.status == "Playing":
            self.set_status("Paused")

    @dbus.service.method(PLAYER)
    def PlayPause(self):
        self.set_status("Paused" if self.status == "Playing" else "Playing")

    @dbus.service.method(PLAYER)
    def Stop(self):
        self.set_status("Stopped")

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        values = self.GetAll(interface)
        if name not in values:
            raise dbus.exceptions.DBusException("no property " + name,
                                                name="org.freedesktop.DBus.Error.UnknownProperty")
        return values[name]

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        if interface == PLAYER:
            return {"PlaybackStatus": self.status, "CanControl": True, "CanPlay": True, "CanPause": True}
        if interface == ROOT:
            return {"Identity": "fake " + self.name}
        return {}

    @dbus.service.signal(PROPERTIES, signature="sa{sv}as")
    def PropertiesChanged(self, interface, changed, invalidated):
        pass


def main():
    name, status = sys.argv[1], sys.argv[2]
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    player = Player(bus, name, status)
    keep = dbus.service.BusName(ROOT + "." + name, bus, do_not_queue=True)
    GLib.MainLoop().run()
    del player, keep


if __name__ == "__main__":
    main()
