/*
 * A stand-in for Windows' bcryptprimitives.dll, for Wine 8 (Debian 12),
 * which lacks it. Rust's std imports ProcessPrng from it (for HashMap
 * seeds), so without it every Rust exe fails to load under that Wine.
 * ProcessPrng fills a buffer with random bytes and always returns TRUE;
 * RtlGenRandom (advapi32's SystemFunction036) does the same job.
 * Only for running the test suite under Wine: never ship it.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG: feed a larger buffer in pieces. */
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
