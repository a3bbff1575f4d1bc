#!/usr/bin/env python3
"""make_sif.py — writes a SIF file (the SingularityCE/Apptainer image format) from
a squashfs image, for the sif transport's tests: global header, descriptor table
(585-byte records, little endian), then the objects. Options damage it on purpose.

  make_sif.py OUT --squashfs ROOTFS.sqfs [--deffile FILE] [--arch 02] [--modified SECONDS]
"""
import argparse
import struct
import uuid

HEADER = struct.Struct("<32s10s3s3s16sqqqqqqqq")  # 128 bytes
DESCRIPTOR = struct.Struct("<iBIIIqqqqqqq128s384s")  # 585 bytes
PARTITION = struct.Struct("<ii3s")
DATA_DEFFILE, DATA_PARTITION, DATA_GENERIC = 0x4001, 0x4004, 0x4007
FS_SQUASH, FS_EXT3 = 1, 2
PART_PRIMSYS = 2
ALIGN = 4096


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--squashfs")
    p.add_argument("--deffile")
    p.add_argument("--arch", default="02")
    p.add_argument("--modified", type=int, default=1600000000)
    p.add_argument("--uuid", default="5b3c1d1e-8c2f-4a57-9d2e-0f1e2d3c4b5a")
    p.add_argument("--total", type=int, default=8, help="descriptor slots")
    p.add_argument("--fstype", type=int, default=FS_SQUASH)
    p.add_argument("--magic", default="SIF_MAGIC")
    p.add_argument("--claim-total", type=int, help="a descriptor count the table does not hold")
    p.add_argument("--truncate-table", action="store_true", help="end the file inside the table")
    p.add_argument("--partition-offset", type=int, help="where the partition claims to be")
    p.add_argument("--partition-size", type=int, help="how large the partition claims to be")
    a = p.parse_args()

    objects = []  # (datatype, payload bytes, extra bytes)
    if a.deffile:
        objects.append((DATA_DEFFILE, open(a.deffile, "rb").read(), b""))
    if a.squashfs:
        extra = PARTITION.pack(a.fstype, PART_PRIMSYS, a.arch.encode() + b"\0")
        objects.append((DATA_PARTITION, open(a.squashfs, "rb").read(), extra))
    else:
        objects.append((DATA_GENERIC, b"not a file system\n", b""))

    desc_offset = HEADER.size
    desc_size = a.total * DESCRIPTOR.size
    data_offset = (desc_offset + desc_size + ALIGN - 1) // ALIGN * ALIGN
    records, data, pos = [], b"", data_offset
    for i, (dtype, payload, extra) in enumerate(objects):
        pad = (-pos) % ALIGN
        data += b"\0" * pad
        pos += pad
        offset, size = pos, len(payload)
        if dtype == DATA_PARTITION:
            offset = a.partition_offset if a.partition_offset is not None else offset
            size = a.partition_size if a.partition_size is not None else size
        records.append(DESCRIPTOR.pack(dtype, 1, i + 1, 0xF0000001 if dtype == DATA_PARTITION else 0, 0,
                                       offset, size, size, a.modified, a.modified, 0, 0, b"object", extra))
        data += payload
        pos += len(payload)
    records += [b"\0" * DESCRIPTOR.size] * (a.total - len(records))

    total = a.claim_total if a.claim_total is not None else a.total
    header = HEADER.pack(b"#!/usr/bin/env run-singularity\n", a.magic.encode().ljust(10, b"\0"), b"01\0",
                         a.arch.encode() + b"\0", uuid.UUID(a.uuid).bytes, a.modified, a.modified,
                         total - len(objects), total, desc_offset, desc_size, data_offset, len(data) - 0)
    table = b"".join(records)
    with open(a.out, "wb") as f:
        f.write(header)
        if a.truncate_table:
            f.write(table[: DESCRIPTOR.size + 100])
            return
        f.write(table)
        f.write(b"\0" * (data_offset - desc_offset - desc_size))
        f.write(data)


main()
