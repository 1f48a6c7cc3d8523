/* xprobe: looks at an X server for the live-display tests.
 *
 *   xprobe warp TITLE [D] moves the pointer to the middle of the window titled
 *                         TITLE, D pixels right of it (a real motion event
 *                         for the window; none if it is already there)
 *   xprobe cursor         prints "hidden" or "visible": the cursor image
 *                         where the pointer is (XFixes)
 *   xprobe saver          prints the screensaver state: "on", "off" or
 *                         "disabled" (MIT-SCREEN-SAVER)
 *   xprobe geometry TITLE prints "X Y W H" of the window on the root window
 *
 * Exit 0 on success, 1 when the window is not there, 2 on usage or display
 * errors. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/scrnsaver.h>
#include <stdio.h>
#include <stdlib.h>
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

static int cursor(Display *d)
{
    int ev, err;
    if (!XFixesQueryExtension(d, &ev, &err)) {
        fprintf(stderr, "xprobe: no XFIXES\n");
        return 2;
    }
    XFixesCursorImage *img = XFixesGetCursorImage(d);
    if (!img) {
        fprintf(stderr, "xprobe: no cursor image\n");
        return 2;
    }
    int visible = 0;
    for (int i = 0; i < (int)img->width * (int)img->height && !visible; i++)
        visible = (img->pixels[i] >> 24) != 0; /* ARGB: any opaque pixel */
    XFree(img);
    puts(visible ? "visible" : "hidden");
    return 0;
}

static int saver(Display *d)
{
    int ev, err;
    if (!XScreenSaverQueryExtension(d, &ev, &err)) {
        fprintf(stderr, "xprobe: no MIT-SCREEN-SAVER\n");
        return 2;
    }
    XScreenSaverInfo *info = XScreenSaverAllocInfo();
    XScreenSaverQueryInfo(d, DefaultRootWindow(d), info);
    int st = info->state;
    XFree(info);
    puts(st == ScreenSaverOn ? "on" : st == ScreenSaverOff ? "off" : "disabled");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: xprobe warp TITLE [D] | cursor | saver | geometry TITLE\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xprobe: cannot open the display\n");
        return 2;
    }
    int rc = 2;
    if (!strcmp(argv[1], "cursor")) {
        rc = cursor(d);
    } else if (!strcmp(argv[1], "saver")) {
        rc = saver(d);
    } else if ((!strcmp(argv[1], "warp") && (argc == 3 || argc == 4)) ||
               (!strcmp(argv[1], "geometry") && argc == 3)) {
        Window w = find(d, DefaultRootWindow(d), argv[2]);
        XWindowAttributes a;
        if (!w || !XGetWindowAttributes(d, w, &a)) {
            rc = 1;
        } else if (!strcmp(argv[1], "warp")) {
            int dx = argc == 4 ? atoi(argv[3]) : 0;
            XWarpPointer(d, None, w, 0, 0, 0, 0, a.width / 2 + dx, a.height / 2);
            XSync(d, False);
            rc = 0;
        } else {
            int x = 0, y = 0;
            Window child;
            XTranslateCoordinates(d, w, DefaultRootWindow(d), 0, 0, &x, &y, &child);
            printf("%d %d %d %d\n", x, y, a.width, a.height);
            rc = 0;
        }
    } else {
        fprintf(stderr, "xprobe: unknown command %s\n", argv[1]);
    }
    XCloseDisplay(d);
    return rc;
}
