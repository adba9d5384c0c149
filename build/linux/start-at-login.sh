#!/bin/sh
# Run at login by /etc/xdg/autostart/village-kiosk.desktop (installed by the kiosk's .deb).
# The systemd user manager does not always know the graphical session's variables, so they are
# handed over first; the kiosk then runs as the user unit village-kiosk.service, which restarts it
# after a crash. Without a systemd user session the kiosk is started directly (no crash restart).
systemctl --user import-environment DISPLAY WAYLAND_DISPLAY XAUTHORITY XDG_CURRENT_DESKTOP XDG_SESSION_TYPE DBUS_SESSION_BUS_ADDRESS 2>/dev/null
if systemctl --user start village-kiosk.service 2>/dev/null; then
  exit 0
fi
exec /usr/bin/village-kiosk
