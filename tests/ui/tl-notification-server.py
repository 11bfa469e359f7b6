#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A stand-in desktop notification server for the UI tests: it owns
# org.freedesktop.Notifications on the test's session bus, records every
# notification (one JSON object per line in the file named on the command line)
# and presses a notification's button when the test asks, as a person would.
# It also plays the desktop's Background portal (org.freedesktop.portal.Desktop):
# each RequestBackground is recorded and answered on its Request object, with
# autostart granted or refused as the test last said.
# And it plays logind (org.freedesktop.login1) on the bus the app takes for its
# system bus: asked to, it announces a suspend and a wake-up, as logind does.
import json
import sys

from gi.repository import Gio, GLib

INTERFACE = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
  <interface name="org.trunkline.Test.Notifications">
    <method name="Invoke"><arg type="u" direction="in"/><arg type="s" direction="in"/></method>
    <method name="SetBackgroundAnswer"><arg type="b" direction="in"/></method>
    <method name="SleepAndWake"/>
  </interface>
</node>
"""

PORTAL_INTERFACE = """
<node>
  <interface name="org.freedesktop.portal.Background">
    <method name="RequestBackground">
      <arg type="s" direction="in"/><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/>
    </method>
    <property name="version" type="u" access="read"/>
  </interface>
</node>
"""

PORTAL_PATH = "/org/freedesktop/portal/desktop"

LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"

PATH = "/org/freedesktop/Notifications"


class Server:
    def __init__(self, record_path):
        self.record = open(record_path, "a", encoding="utf-8")
        self.next_id = 1
        self.connection = None
        self.grant_background = True

    def write(self, entry):
        self.record.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.record.flush()

    def call(self, connection, sender, path, interface, method, params, invocation):
        if method == "Notify":
            app_name, replaces, icon, summary, body, actions, hints, timeout = params.unpack()
            nid = replaces if replaces != 0 else self.next_id
            if replaces == 0:
                self.next_id += 1
            kept = {}
            for key in ("urgency", "category", "desktop-entry", "resident", "transient"):
                if key in hints:
                    kept[key] = hints[key]
            self.write({"event": "notify", "id": nid, "replaces": replaces, "app_name": app_name,
                        "summary": summary, "body": body, "actions": list(actions), "hints": kept})
            invocation.return_value(GLib.Variant("(u)", (nid,)))
        elif method == "CloseNotification":
            (nid,) = params.unpack()
            self.write({"event": "close", "id": nid})
            connection.emit_signal(None, PATH, "org.freedesktop.Notifications", "NotificationClosed",
                                   GLib.Variant("(uu)", (nid, 3)))
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["actions", "body", "persistence"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("tl-test", "Trunkline tests", "1", "1.2")))
        elif method == "Invoke":
            nid, action = params.unpack()
            self.write({"event": "invoke", "id": nid, "action": action})
            connection.emit_signal(None, PATH, "org.freedesktop.Notifications", "ActionInvoked",
                                   GLib.Variant("(us)", (nid, action)))
            # As GNOME Shell does: a notification whose button was pressed is gone.
            self.write({"event": "close", "id": nid})
            connection.emit_signal(None, PATH, "org.freedesktop.Notifications", "NotificationClosed",
                                   GLib.Variant("(uu)", (nid, 2)))
            invocation.return_value(None)
        elif method == "SetBackgroundAnswer":
            (self.grant_background,) = params.unpack()
            invocation.return_value(None)
        elif method == "SleepAndWake":
            self.write({"event": "sleep-and-wake"})
            for going_to_sleep in (True, False):
                connection.emit_signal(None, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
                                       GLib.Variant("(b)", (going_to_sleep,)))
            invocation.return_value(None)

    def portal_call(self, connection, sender, path, interface, method, params, invocation):
        if method != "RequestBackground":
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)
            return
        parent, options = params.unpack()
        token = options.get("handle_token", "t")
        request = "/org/freedesktop/portal/desktop/request/%s/%s" % (sender[1:].replace(".", "_"), token)
        wanted = bool(options.get("autostart", False))
        self.write({"event": "background", "autostart": wanted, "reason": options.get("reason", ""),
                    "commandline": list(options.get("commandline", [])),
                    "dbus-activatable": options.get("dbus-activatable", None)})
        invocation.return_value(GLib.Variant("(o)", (request,)))
        # As the portal does: the answer comes later, as a signal on the request.
        granted = wanted and self.grant_background
        results = {"background": GLib.Variant("b", self.grant_background),
                   "autostart": GLib.Variant("b", granted)}
        GLib.idle_add(lambda: connection.emit_signal(sender, request, "org.freedesktop.portal.Request",
                                                     "Response", GLib.Variant("(ua{sv})", (0, results)))
                      and False)

    def portal_property(self, connection, sender, path, interface, name):
        return GLib.Variant("u", 1)


def main():
    server = Server(sys.argv[1])
    loop = GLib.MainLoop()
    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)

    owned = []

    def acquired(connection, name):
        # Ready once every name is ours: the app may ask any of them at once.
        owned.append(name)
        if len(owned) == 3:
            print("ready", flush=True)

    def lost(connection, name):
        loop.quit()

    def bus_acquired(connection, name):
        server.connection = connection
        for interface in node.interfaces:
            connection.register_object(PATH, interface, server.call, None, None)

    portal = Gio.DBusNodeInfo.new_for_xml(PORTAL_INTERFACE)

    def portal_bus_acquired(connection, name):
        connection.register_object(PORTAL_PATH, portal.interfaces[0], server.portal_call,
                                   server.portal_property, None)

    Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.portal.Desktop", Gio.BusNameOwnerFlags.NONE,
                     portal_bus_acquired, acquired, lost)
    Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications", Gio.BusNameOwnerFlags.NONE,
                     bus_acquired, acquired, lost)
    # Signals only: the name is what the app's subscription matches on.
    Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.login1", Gio.BusNameOwnerFlags.NONE,
                     None, acquired, lost)
    loop.run()


if __name__ == "__main__":
    main()
