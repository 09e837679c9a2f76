import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="text-sm font-semibold text-slate-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">Page not found</h1>
      <p className="mt-3 text-slate-700">There is nothing here, or it is not available to you.</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-teal-700 px-4 font-semibold text-white hover:bg-teal-800">
        Go to my home page
      </Link>
    </main>
  );
}
