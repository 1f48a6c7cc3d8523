/* xkey: presses a key in an X11 window found by its title, for tests of the
 * live display (tests/gl/display_window.sh).
 *
 *   xkey TITLE KEYSYM     e.g. xkey MAGI F11, xkey MAGI q
 *
 * Sends a synthetic KeyPress and KeyRelease straight to the window, so no
 * focus and no XTEST extension are needed. Exit 0 when sent, 1 when no such
 * window, 2 on usage or display errors. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <string.h>

static Window find(Display *d, Window w, const char *title)
{
    char *name = NULL;
    if (XFetchName(d, w, &name) && name) {
        int hit = strcmp(name, title) == 0;
        XFree(name);
        if (hit)
            return w;
    }
    Window root, parent, *kids = NULL;
    unsigned n = 0;
    if (!XQueryTree(d, w, &root, &parent, &kids, &n))
        return 0;
    Window found = 0;
    for (unsigned i = 0; i < n && !found; i++)
        found = find(d, kids[i], title);
    if (kids)
        XFree(kids);
    return found;
}

static void send(Display *d, Window w, int type, KeyCode code)
{
    XKeyEvent e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.display = d;
    e.window = w;
    e.root = DefaultRootWindow(d);
    e.subwindow = None;
    e.time = CurrentTime;
    e.same_screen = True;
    e.keycode = code;
    XSendEvent(d, w, True, type == KeyPress ? KeyPressMask : KeyReleaseMask, (XEvent *)&e);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xkey TITLE KEYSYM\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xkey: cannot open the display\n");
        return 2;
    }
    KeySym sym = XStringToKeysym(argv[2]);
    KeyCode code = sym == NoSymbol ? 0 : XKeysymToKeycode(d, sym);
    if (!code) {
        fprintf(stderr, "xkey: no key for '%s'\n", argv[2]);
        XCloseDisplay(d);
        return 2;
    }
    Window w = find(d, DefaultRootWindow(d), argv[1]);
    if (!w) {
        XCloseDisplay(d);
        return 1;
    }
    send(d, w, KeyPress, code);
    send(d, w, KeyRelease, code);
    XSync(d, False);
    XCloseDisplay(d);
    return 0;
}
