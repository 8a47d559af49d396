// libv4l2 plus the pieces of <linux/videodev2.h> that Swift cannot import on its own:
// ioctl request numbers are function-like macros, and v4l2_open / v4l2_ioctl are variadic.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <linux/videodev2.h>
#include <libv4l2.h>

static inline unsigned long qd_VIDIOC_QUERYCAP(void) { return VIDIOC_QUERYCAP; }
static inline unsigned long qd_VIDIOC_ENUM_FMT(void) { return VIDIOC_ENUM_FMT; }
static inline unsigned long qd_VIDIOC_ENUM_FRAMESIZES(void) { return VIDIOC_ENUM_FRAMESIZES; }
static inline unsigned long qd_VIDIOC_S_FMT(void) { return VIDIOC_S_FMT; }
static inline unsigned long qd_VIDIOC_REQBUFS(void) { return VIDIOC_REQBUFS; }
static inline unsigned long qd_VIDIOC_QUERYBUF(void) { return VIDIOC_QUERYBUF; }
static inline unsigned long qd_VIDIOC_QBUF(void) { return VIDIOC_QBUF; }
static inline unsigned long qd_VIDIOC_DQBUF(void) { return VIDIOC_DQBUF; }
static inline unsigned long qd_VIDIOC_STREAMON(void) { return VIDIOC_STREAMON; }
static inline unsigned long qd_VIDIOC_STREAMOFF(void) { return VIDIOC_STREAMOFF; }

#include <sys/ioctl.h>
#include <unistd.h>

/// Opens a device (read/write, non-blocking) and checks it answers VIDIOC_QUERYCAP before
/// handing it to libv4l2, so a file that is not a camera fails quietly with errno ENOTTY instead
/// of libv4l2 printing its own complaints. Returns -1 with errno set.
static inline int qd_v4l2_open(const char *path) {
    int fd;
    do { fd = open(path, O_RDWR | O_NONBLOCK); } while (fd == -1 && errno == EINTR);
    if (fd < 0) return -1;
    struct v4l2_capability cap;
    int r;
    do { r = ioctl(fd, VIDIOC_QUERYCAP, &cap); } while (r == -1 && errno == EINTR);
    if (r == -1) { int e = errno; close(fd); errno = e; return -1; }
    if (v4l2_fd_open(fd, 0) < 0) { int e = errno; close(fd); errno = e; return -1; }
    return fd;
}

/// One ioctl through libv4l2, retried while interrupted by a signal. Returns -1 with errno set.
static inline int qd_v4l2_ioctl(int fd, unsigned long request, void *arg) {
    int r;
    do { r = v4l2_ioctl(fd, request, arg); } while (r == -1 && errno == EINTR);
    return r;
}

static inline int qd_errno(void) { return errno; }

/// Pixel formats as numbers.
static inline unsigned int qd_fmt_mjpeg(void) { return V4L2_PIX_FMT_MJPEG; }
static inline unsigned int qd_fmt_jpeg(void) { return V4L2_PIX_FMT_JPEG; }
static inline unsigned int qd_fmt_yuyv(void) { return V4L2_PIX_FMT_YUYV; }
static inline unsigned int qd_fmt_rgb24(void) { return V4L2_PIX_FMT_RGB24; }

/// Accessors for the unions Swift sees awkwardly.
static inline struct v4l2_pix_format *_Nonnull qd_fmt_pix(struct v4l2_format *_Nonnull f) { return &f->fmt.pix; }
static inline unsigned int qd_buffer_offset(const struct v4l2_buffer *b) { return b->m.offset; }
