import { close, fdatasync, open } from 'node:fs';

/** How often the WAL is flushed while an import writes. */
const FLUSH_INTERVAL_MS = 250;

/**
 * Asks the kernel to write the WAL to disk while an import is still running, so that the fsync of COMMIT
 * (synchronous=FULL) finds little left to write. An import spills its pages to the WAL as it goes (see
 * IMPORT_CACHE_KIB), but the kernel keeps them as dirty page cache and would write them all, hundreds
 * of MB, inside COMMIT; flushed here, the disk writes them in the background while the worker parses.
 *
 * Durability is unchanged: SQLite still syncs the WAL at COMMIT, this only does part of that work earlier,
 * on libuv's thread pool. It never writes: the WAL file is opened read-only, and SQLite keeps no locks on
 * it (WAL locking uses the -shm file), so closing this descriptor cannot release one. Best effort: any
 * error (no WAL, an in-memory database, a platform where a read-only descriptor cannot be synced) turns it
 * off. Not used on Windows, where FlushFileBuffers needs write access.
 */
export class WalFlusher {
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failed = false;

  constructor(private readonly walPath: string) {}

  start(): void {
    if (process.platform === 'win32' || this.timer) return;
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private flush(): void {
    if (this.inFlight || this.failed) return;
    this.inFlight = new Promise<void>((resolve) => {
      const done = (err: unknown) => {
        if (err) this.failed = true;
        this.inFlight = undefined;
        resolve();
      };
      if (this.fd !== undefined) return fdatasync(this.fd, done);
      open(this.walPath, 'r', (err, fd) => {
        if (err) return done(err);
        this.fd = fd;
        fdatasync(fd, done);
      });
    });
  }

  /** Stops flushing; resolves once no flush is running and the descriptor is closed. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
}
