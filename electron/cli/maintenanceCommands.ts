import type { ArchiveMethod, ArgOf, LibraryBackup, LibraryCheck, ResultOf } from '../core/archiveApi'

export const MAINTENANCE_USAGE = `  check [--repair]     look for damaged files, leftovers of interrupted writes and index drift;
                       --repair fixes what is safe and says what is left (exit code 1 while
                       anything is left)
  backups              list this machine's backups of the library's records
  backup               back up the library's records now
  restore-backup NAME  put a backup's records back (the current ones are backed up first)`

export const MAINTENANCE_COMMAND_OPTIONS = {
  check: ['repair'],
  backups: [],
  backup: [],
  'restore-backup': [],
} as const

export interface MaintenanceCommandContext {
  command: keyof typeof MAINTENANCE_COMMAND_OPTIONS
  args: string[]
  options: { repair?: boolean; json?: boolean }
  call: <M extends ArchiveMethod>(method: M, arg: ArgOf<M>) => Promise<ResultOf<M>>
  stdout: (text: string) => void
  usageError: (message: string) => Error
}

/** check, backups, backup and restore-backup; returns the exit code. */
export async function runMaintenanceCommand({ command, args, options, call, stdout, usageError }: MaintenanceCommandContext): Promise<number> {
  const print = (value: unknown, human: () => string) => stdout(options.json ? JSON.stringify(value, null, 2) : human())
  if (command !== 'restore-backup' && args.length) throw usageError(`"${command}" takes no arguments.`)
  switch (command) {
    case 'check': {
      const result = await call('checkLibrary', { repair: options.repair === true })
      print(result, () => describeCheck(result))
      return result.ok ? 0 : 1
    }
    case 'backups': {
      const backups = await call('listBackups', {})
      print(backups, () => (backups.length ? backups.map(describeBackup).join('\n') : 'There are no backups of this library on this machine yet. Make one with: scriptorium backup'))
      return 0
    }
    case 'backup': {
      const backup = await call('takeBackup', {})
      print(backup, () => `Backed up ${backup.files} records (${sizeOf(backup.bytes)}) as ${backup.name}, checked against their checksums.\n${backup.path}`)
      return 0
    }
    case 'restore-backup': {
      if (args.length !== 1) throw usageError('"restore-backup" takes the name of one backup; "scriptorium backups" lists them.')
      const report = await call('restoreBackup', { name: args[0] })
      print(report, () =>
        [
          `Restored ${report.restored.name}: ${report.files} record${report.files === 1 ? '' : 's'} differed and ${report.files === 1 ? 'was' : 'were'} put back, and indexed again.`,
          `The records as they were just before are kept as ${report.safetyBackup.name}; undo with: scriptorium restore-backup ${report.safetyBackup.name}`,
        ].join('\n'),
      )
      return 0
    }
  }
}

function describeCheck(result: LibraryCheck): string {
  const lines = [`Checked ${result.items} item${result.items === 1 ? '' : 's'} in ${result.location}.`]
  for (const problem of result.problems) lines.push(`${problem.repaired ? 'repaired' : 'problem '}  ${problem.path}: ${problem.message}`)
  const left = result.problems.filter((problem) => !problem.repaired).length
  if (!result.problems.length) lines.push('No problems found.')
  else if (!left) lines.push(`All ${result.problems.length} problems were repaired.`)
  else {
    lines.push(`${left} problem${left === 1 ? ' is' : 's are'} left.${result.repair ? '' : ' Run "scriptorium check --repair" to repair what is safe to repair.'}`)
    if (result.problems.some((problem) => !problem.repaired && problem.kind.startsWith('unreadable-')) && result.newestGoodBackup) {
      lines.push(`The newest backup with every record readable is ${result.newestGoodBackup.name}; restore it with: scriptorium restore-backup ${result.newestGoodBackup.name}`)
    }
  }
  return lines.join('\n')
}

function describeBackup(backup: LibraryBackup): string {
  const notes = [backup.reason, `${backup.files} records`, sizeOf(backup.bytes), ...(backup.unreadable.length ? [`${backup.unreadable.length} unreadable when taken`] : [])]
  return `${backup.name}  ${notes.join(', ')}`
}

function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1 << 20 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / (1 << 20)).toFixed(1)} MB`
}
